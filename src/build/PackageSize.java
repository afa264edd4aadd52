import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Lambda package's size guard, run by `./mvnw package` after function.zip and the layer are written
 * (also by hand: java src/build/PackageSize.java LIMIT_MB ZIP...). Lambda refuses a direct upload above 50 MB;
 * failing at the limit given leaves headroom, and naming the biggest contributors says where to cut.
 */
public class PackageSize {

    private static final double MB = 1024 * 1024;
    private static final int SHOWN = 10;

    public static void main(String[] args) throws IOException {
        double limitMb = Double.parseDouble(args[0]);
        boolean tooBig = false;
        for (String name : List.of(args).subList(1, args.length)) {
            Path zip = Path.of(name);
            double size = Files.size(zip) / MB;
            Map<String, Long> contributors = contributors(zip);
            boolean over = size > limitMb;
            tooBig |= over;
            System.out.printf("%s: %.2f MB of a %.0f MB limit (Lambda's direct upload limit is 50 MB)%s%n", zip.getFileName(), size,
                    limitMb, over ? " -- TOO BIG" : "");
            contributors.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(SHOWN)
                    .forEach(e -> System.out.printf("  %6.2f MB  %s%n", e.getValue() / MB, e.getKey()));
        }
        if (tooBig) {
            System.err.println("The Lambda package is above its size limit. Drop or move (e.g. to the layer) one of the biggest "
                    + "contributors listed above, or raise -Dpackage.size.limit.mb knowingly.");
            System.exit(1);
        }
    }

    /** Compressed bytes per library jar (lib/...jar), the application's own classes, and everything else. */
    private static Map<String, Long> contributors(Path zip) throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().forEach(entry -> bytes.merge(contributor(entry), Math.max(0, entry.getCompressedSize()), Long::sum));
        }
        return bytes;
    }

    private static String contributor(ZipEntry entry) {
        String name = entry.getName();
        if (name.endsWith(".jar")) {
            return name.substring(name.lastIndexOf('/') + 1);
        }
        return name.contains("/") ? name.substring(0, name.indexOf('/') + 1) + " (classes and files under it)" : name;
    }
}
