package dev.ragtune.ask;

import dev.ragtune.knowledge.search.SearchHit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which numbered sources an answer cites. */
final class Citations {

    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3})]");

    private Citations() {
    }

    /** Only the sources the answer cites, in the order first cited, keeping the numbers the model used. */
    static List<Answer.Citation> cited(String answer, List<SearchHit> hits) {
        Set<Integer> numbers = new LinkedHashSet<>();
        Matcher matcher = CITATION.matcher(answer);
        while (matcher.find()) {
            int n = Integer.parseInt(matcher.group(1));
            if (n >= 1 && n <= hits.size()) {
                numbers.add(n);
            }
        }
        return numbers.stream().map(n -> new Answer.Citation(n, hits.get(n - 1))).toList();
    }

    /** Every source, numbered in rank order. */
    static List<Answer.Citation> all(List<SearchHit> hits) {
        return java.util.stream.IntStream.range(0, hits.size()).mapToObj(i -> new Answer.Citation(i + 1, hits.get(i))).toList();
    }
}
