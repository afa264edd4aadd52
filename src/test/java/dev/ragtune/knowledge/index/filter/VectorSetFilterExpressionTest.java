package dev.ragtune.knowledge.index.filter;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VectorSetFilterExpressionTest {

    private static String expr(Filter filter) {
        return VectorSetFilterExpression.toExpression(filter);
    }

    @Test
    void nullFilterMeansNoExpression() {
        assertThat(expr(null)).isNull();
    }

    @Test
    void eachComparison() {
        assertThat(expr(metadataKey("product").isEqualTo("git"))).isEqualTo(".product == \"git\"");
        assertThat(expr(metadataKey("product").isNotEqualTo("git"))).isEqualTo(".product != \"git\"");
        assertThat(expr(metadataKey("v").isGreaterThan(2))).isEqualTo(".v > 2");
        assertThat(expr(metadataKey("v").isGreaterThanOrEqualTo(2L))).isEqualTo(".v >= 2");
        assertThat(expr(metadataKey("v").isLessThan(2.5))).isEqualTo(".v < 2.5");
        assertThat(expr(metadataKey("v").isLessThanOrEqualTo(-3))).isEqualTo(".v <= -3");
        assertThat(expr(metadataKey("p").isIn("svn", "git"))).isEqualTo(".p in [\"git\",\"svn\"]");
        assertThat(expr(metadataKey("v").isNotIn(10, 2))).isEqualTo("not (.v in [2,10])");
        assertThat(expr(new ContainsValue("tags", "beta"))).isEqualTo("\"beta\" in .tags");
    }

    @Test
    void numbersAreWrittenInPlainDecimalForm() {
        // Vector Sets rejects exponent notation such as 1.0E-5.
        assertThat(expr(metadataKey("v").isGreaterThan(0.00001))).isEqualTo(".v > 0.00001");
        assertThat(expr(metadataKey("v").isGreaterThan(1e21))).isEqualTo(".v > 1000000000000000000000");
        assertThat(expr(metadataKey("v").isEqualTo(2.0))).isEqualTo(".v == 2");
        assertThat(expr(metadataKey("v").isEqualTo(0.1f))).isEqualTo(".v == 0.1");
        assertThat(expr(metadataKey("v").isEqualTo(-0.0))).isEqualTo(".v == 0");
        assertThat(expr(new IsEqualTo("v", new BigDecimal("1.50")))).isEqualTo(".v == 1.5");
    }

    @Test
    void booleansAndUuidsBecomeStrings() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(expr(new IsEqualTo("beta", true))).isEqualTo(".beta == \"true\"");
        assertThat(expr(metadataKey("id").isEqualTo(id))).isEqualTo(".id == \"123e4567-e89b-12d3-a456-426614174000\"");
    }

    @Test
    void andChainsAreFlattened() {
        Filter filter = new And(new And(metadataKey("a").isEqualTo(1), metadataKey("b").isEqualTo(2)),
                metadataKey("c").isEqualTo(3));
        assertThat(expr(filter)).isEqualTo(".a == 1 and .b == 2 and .c == 3");
    }

    @Test
    void mixedGroupsAreParenthesised() {
        Filter filter = new And(metadataKey("product").isEqualTo("git"),
                new Or(metadataKey("v").isGreaterThanOrEqualTo(2), new ContainsValue("tags", "beta")));
        assertThat(expr(filter)).isEqualTo(".product == \"git\" and (.v >= 2 or \"beta\" in .tags)");

        Filter orOfAnds = new Or(new And(metadataKey("a").isEqualTo(1), metadataKey("b").isEqualTo(2)),
                new Or(metadataKey("c").isEqualTo(3), metadataKey("d").isEqualTo(4)));
        assertThat(expr(orOfAnds)).isEqualTo("(.a == 1 and .b == 2) or .c == 3 or .d == 4");
    }

    @Test
    void notAlwaysWrapsItsOperand() {
        // "not" binds tighter than "==" in Vector Sets, so the parentheses are required.
        assertThat(expr(new Not(metadataKey("p").isEqualTo("git")))).isEqualTo("not (.p == \"git\")");
        assertThat(expr(new Not(new Or(metadataKey("a").isEqualTo(1), new Not(metadataKey("b").isIn(1, 2))))))
                .isEqualTo("not (.a == 1 or not (.b in [1,2]))");
    }

    @Test
    void parsedJsonFilterTranslates() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"product\":\"git\",\"version\":{\"$gte\":2,\"$lt\":3},\"$or\":[{\"beta\":true},{\"tags\":{\"$contains\":\"x\"}}]}");
        assertThat(expr(FilterJson.parse(json)))
                .isEqualTo(".product == \"git\" and .version >= 2 and .version < 3 and (.beta == \"true\" or \"x\" in .tags)");
    }

    @Test
    void stringsArePlacedBetweenAQuoteTheyDoNotContain() {
        // Vector Sets has no escape sequences; the raw value sits between quotes it does not contain.
        assertThat(expr(metadataKey("p").isEqualTo("say \"hi\""))).isEqualTo(".p == 'say \"hi\"'");
        assertThat(expr(metadataKey("p").isEqualTo("it's"))).isEqualTo(".p == \"it's\"");
        assertThat(expr(metadataKey("p").isEqualTo("a\\b"))).isEqualTo(".p == \"a\\b\"");
        assertThat(expr(metadataKey("p").isEqualTo("a\\\\"))).isEqualTo(".p == \"a\\\\\"");
        assertThat(expr(metadataKey("p").isEqualTo("line1\nline2"))).isEqualTo(".p == \"line1\nline2\"");
        assertThat(expr(metadataKey("p").isIn("x\"", "y'"))).isEqualTo(".p in ['x\"',\"y'\"]");
    }

    @Test
    void valuesThatCouldBreakOutOfTheirLiteralAreRejected() {
        assertThatThrownBy(() -> expr(metadataKey("p").isEqualTo("x\" or .a == 'y")))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessage("value for metadata key \"p\" contains both ' and \" quote characters,"
                        + " which Redis filter expressions cannot represent");
        assertThatThrownBy(() -> expr(metadataKey("p").isEqualTo("x\\")))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("ends with an odd number of backslashes");
        assertThatThrownBy(() -> expr(metadataKey("p").isEqualTo("a\0b")))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void keysThatAreNotPlainIdentifiersAreRejected() {
        assertThatThrownBy(() -> expr(metadataKey("a == 1 or .b").isEqualTo(1)))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessage("metadata key \"a == 1 or .b\" cannot be used in a Redis filter;"
                        + " keys must match [A-Za-z_][A-Za-z0-9_]*");
    }

    @Test
    void unsupportedFilterTypesAreNeverDropped() {
        assertThatThrownBy(() -> expr(new And(metadataKey("a").isEqualTo(1), new ContainsString("title", "git"))))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessageStartingWith("filter type dev.langchain4j.store.embedding.filter.comparison.ContainsString"
                        + " cannot be translated to a Redis Vector Sets FILTER expression");

        Filter custom = object -> true;
        assertThatThrownBy(() -> expr(new Not(custom)))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessageContaining(custom.getClass().getName());
    }

    @Test
    void orderingComparisonOnStringsIsUnsupported() {
        assertThatThrownBy(() -> expr(new IsGreaterThan("version", "2.1")))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessage("ordering comparison on metadata key \"version\" with String value 2.1 is not supported:"
                        + " Redis Vector Sets compares strings as numbers, so only numbers can be ordered");
    }

    @Test
    void unsupportedValueTypesAndNonFiniteNumbersAreRejected() {
        assertThatThrownBy(() -> expr(new IsNotEqualTo("d", java.time.LocalDate.of(2024, 1, 1))))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessageContaining("LocalDate");
        assertThatThrownBy(() -> expr(new IsIn("v", List.of(1.0, Double.NaN))))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessageContaining("numbers must be finite");
    }

    @Test
    void referencedKeysListsEveryKeyOnce() {
        Filter filter = new Or(new And(metadataKey("a").isEqualTo(1), new Not(metadataKey("b").isEqualTo(2))),
                new And(new ContainsValue("tags", "x"), metadataKey("a").isLessThan(3)));
        assertThat(VectorSetFilterExpression.referencedKeys(filter)).containsExactly("a", "b", "tags");
    }
}
