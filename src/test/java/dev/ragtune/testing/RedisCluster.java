package dev.ragtune.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis 8 Cluster for tests: 3 masters and 3 replicas of the binary {@link RedisServer} runs, as child processes
 * on free loopback ports with append-only files in a temporary directory. A test can kill a master the hard way, wait
 * for its replica to take over, and restart the old master (it rejoins as a replica). The node timeout is 2 s, so a
 * failover takes a few seconds.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final int NODE_TIMEOUT_MILLIS = 2000;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final Path binary;
    private final Path cli;
    private final Path dataDir;
    /** By client port, in start order. */
    private final Map<Integer, Node> nodes = new LinkedHashMap<>();

    private static final class Node {
        final int port;
        final int busPort;
        final Path dir;
        Process process;
        /** The ports of its replicas when it was killed as a master, to tell which one took over. */
        List<Integer> replicasAtKill = List.of();

        Node(int port, int busPort, Path dir) {
            this.port = port;
            this.busPort = busPort;
            this.dir = dir;
        }
    }

    /** One line of CLUSTER NODES, as one node sees another: slots as from-to pairs. */
    private record View(String id, int port, String flags, String masterId, List<int[]> slots) {
        boolean failed() {
            return flags.contains("fail");
        }

        boolean master() {
            return flags.contains("master");
        }

        boolean servesSlots() {
            return !slots.isEmpty();
        }

        boolean serves(int slot) {
            return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
        }
    }

    private RedisCluster(Path binary, Path dataDir) {
        this.binary = binary;
        this.cli = binary.resolveSibling("redis-cli");
        this.dataDir = dataDir;
    }

    public static RedisCluster launch() {
        RedisCluster cluster = null;
        try {
            Path binary = RedisBinary.server();
            List<Integer> ports = freePorts(2 * 2 * MASTERS);
            cluster = new RedisCluster(binary, Files.createTempDirectory("ragtune-redis-cluster-" + ports.get(0)));
            if (!Files.isExecutable(cluster.cli)) {
                throw new IllegalStateException("a cluster needs redis-cli beside " + binary);
            }
            // each node gets its own bus port: the default (port + 10000) can be taken, or past 65535
            for (int i = 0; i < 2 * MASTERS; i++) {
                Path dir = Files.createDirectories(cluster.dataDir.resolve(String.valueOf(ports.get(i))));
                Node node = new Node(ports.get(i), ports.get(i + 2 * MASTERS), dir);
                cluster.nodes.put(node.port, node);
                cluster.startProcess(node);
            }
            cluster.create();
            return cluster;
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.stopAll(); // the data stays, for its logs
            }
            throw new IllegalStateException("cannot start a Redis Cluster for the tests", e);
        }
    }

    /** Every node as a redis:// URL, comma-separated: the seeds for a cluster client, which tries them in order. */
    public String urls() {
        return nodes.keySet().stream().map(RedisCluster::url).collect(Collectors.joining(","));
    }

    public static String url(int port) {
        return "redis://127.0.0.1:" + port;
    }

    /** The ports of all nodes, running or not. */
    public List<Integer> ports() {
        return List.copyOf(nodes.keySet());
    }

    /** The nodes that serve slots now, by port (a failover changes them). */
    public List<Integer> masterPorts() {
        return topology().stream().filter(v -> v.master() && v.servesSlots() && !v.failed())
                .map(View::port).sorted().toList();
    }

    /** The port of the master that serves {@code key} now. */
    public int masterOf(String key) {
        int slot = Integer.parseInt(cli(anyRunning(), "CLUSTER", "KEYSLOT", key).trim());
        return topology().stream().filter(v -> v.master() && !v.failed() && v.serves(slot)).map(View::port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    /** Kills a node the hard way, as a crash or a lost machine would look to the cluster and to ragtune. */
    public synchronized void kill(int port) {
        Node node = node(port);
        if (node.process == null) {
            throw new IllegalStateException("node " + port + " is not running");
        }
        String id = myself(port).id();
        node.replicasAtKill = topology().stream().filter(v -> id.equals(v.masterId())).map(View::port).toList();
        node.process.destroyForcibly();
        try {
            node.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.process = null;
    }

    /**
     * After {@link #kill} of a master: waits until one of its replicas serves its slots, as every running node sees it,
     * and every running node says cluster_state:ok again. Returns the promoted replica's port.
     */
    public int awaitPromotion(int killedMaster) {
        List<Integer> candidates = node(killedMaster).replicasAtKill;
        if (candidates.isEmpty()) {
            throw new IllegalStateException("port " + killedMaster + " was not a killed master with replicas");
        }
        int[] promoted = {-1};
        await("a replica of " + killedMaster + " to take over", () -> {
            for (int candidate : candidates) {
                if (running().allMatch(p -> viewOf(p, candidate).map(v -> v.master() && v.servesSlots()).orElse(false))
                        && running().allMatch(this::clusterOk)) {
                    promoted[0] = candidate;
                    return true;
                }
            }
            return false;
        });
        return promoted[0];
    }

    /** Starts a killed node again on its port and data; waits until the others see it and the cluster is ok. */
    public synchronized void restart(int port) {
        Node node = node(port);
        if (node.process != null) {
            throw new IllegalStateException("node " + port + " is running");
        }
        startProcess(node);
        await("node " + port + " to rejoin", () -> running().allMatch(p -> clusterOk(p) && synced(p)
                && viewOf(p, port).map(v -> !v.failed()).orElse(false)));
    }

    /** Stops every node and deletes the data. */
    @Override
    public synchronized void close() {
        stopAll();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans up what is left
        }
    }

    private void stopAll() {
        for (Node node : nodes.values()) {
            if (node.process != null) {
                node.process.destroyForcibly();
            }
        }
        for (Node node : nodes.values()) {
            if (node.process != null) {
                try {
                    node.process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                node.process = null;
            }
        }
    }

    private void startProcess(Node node) {
        try {
            node.process = new ProcessBuilder(List.of(binary.toString(), "--bind", "127.0.0.1",
                    "--port", String.valueOf(node.port), "--cluster-port", String.valueOf(node.busPort),
                    "--dir", node.dir.toString(), "--save", "", "--appendonly", "yes", "--repl-diskless-sync-delay", "0",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + node.port + ".conf",
                    "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MILLIS)))
                    .redirectOutput(node.dir.resolve("redis.log").toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        await("node " + node.port + " to answer", () -> "PONG".equals(String.valueOf(cliOrNull(node.port, "PING")).trim()));
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        nodes.keySet().forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Path log = dataDir.resolve("create.log");
        try {
            Process create = new ProcessBuilder(command).redirectOutput(log.toFile()).redirectErrorStream(true).start();
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // a node says ok before the replica roles have spread by gossip, and a replica holds no data before its
        // first sync: wait until every node knows all replicas and every replica is in sync
        await("the cluster to settle", () -> running().allMatch(p -> clusterOk(p) && synced(p)
                && topologyOf(p).stream().filter(v -> !v.master() && !v.failed()).count() == MASTERS));
    }

    /** A master, or a replica whose link to its master is up (its first sync done). */
    private boolean synced(int port) {
        String info = cliOrNull(port, "INFO", "replication");
        return info != null && (info.contains("role:master") || info.contains("master_link_status:up"));
    }

    private boolean clusterOk(int port) {
        String info = cliOrNull(port, "CLUSTER", "INFO");
        return info != null && info.contains("cluster_state:ok");
    }

    private List<View> topology() {
        return topologyOf(anyRunning());
    }

    private List<View> topologyOf(int port) {
        String nodesReply = cliOrNull(port, "CLUSTER", "NODES");
        if (nodesReply == null) {
            return List.of();
        }
        return nodesReply.lines().filter(line -> !line.isBlank()).map(line -> {
            String[] fields = line.split(" ");
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < fields.length; i++) {
                // "[slot->-id]" / "[slot-<-id]": a slot being migrated or imported, listed besides the served ranges
                if (!fields[i].startsWith("[")) {
                    String[] range = fields[i].split("-");
                    slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])});
                }
            }
            return new View(fields[0], port(fields[1]), fields[2], fields[3], slots);
        }).toList();
    }

    private Optional<View> viewOf(int observer, int port) {
        return topologyOf(observer).stream().filter(v -> v.port() == port).findFirst();
    }

    private View myself(int port) {
        return topologyOf(port).stream().filter(v -> v.flags().contains("myself")).findFirst()
                .orElseThrow(() -> new IllegalStateException("node " + port + " does not answer"));
    }

    /** 127.0.0.1:7000@17000 (and maybe ,hostname) to 7000. */
    private static int port(String address) {
        String hostPort = address.split("@")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private Stream<Integer> running() {
        return nodes.values().stream().filter(n -> n.process != null && n.process.isAlive()).map(n -> n.port);
    }

    private int anyRunning() {
        return running().findFirst().orElseThrow(() -> new IllegalStateException("no node runs"));
    }

    private Node node(int port) {
        Node node = nodes.get(port);
        if (node == null) {
            throw new IllegalArgumentException("no node on port " + port);
        }
        return node;
    }

    private String cli(int port, String... args) {
        String reply = cliOrNull(port, args);
        if (reply == null) {
            throw new IllegalStateException("node " + port + " did not answer " + String.join(" ", args));
        }
        return reply;
    }

    /** The reply redis-cli prints, or null when the node does not answer. */
    private String cliOrNull(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes());
            return process.waitFor() == 0 && !out.startsWith("Could not connect") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + "; see the logs under " + dataDir);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Distinct free loopback ports: all bound at once, so no two are the same. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
