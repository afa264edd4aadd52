package dev.ragtune.knowledge.index.redis;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.ragtune.knowledge.index.filter.ContainsValue;
import dev.ragtune.knowledge.index.filter.InvalidFilterException;
import dev.ragtune.knowledge.index.filter.UnsupportedFilterException;
import dev.ragtune.knowledge.KnowledgeConfig.SearchFieldType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RediSearchQueryTest {

    private static final Map<String, SearchFieldType> FIELDS = Map.of(
            "product", SearchFieldType.TAG, "version", SearchFieldType.NUMERIC, "tags", SearchFieldType.TAG, "draft", SearchFieldType.TAG);

    private static String query(Filter filter) {
        return RediSearchQuery.prefilter(filter, FIELDS);
    }

    @Test
    void noFilterMatchesEverything() {
        assertThat(query(null)).isEqualTo("*");
        assertThat(RediSearchQuery.knn("*", 7)).isEqualTo("*=>[KNN 7 @vector $vec AS dist]");
    }

    @Test
    void tagComparisons() {
        assertThat(query(metadataKey("product").isEqualTo("acme"))).isEqualTo("@m_product:{acme}");
        assertThat(query(metadataKey("product").isNotEqualTo("acme"))).isEqualTo("-(@m_product:{acme})");
        assertThat(query(metadataKey("product").isIn("git", "acme"))).isEqualTo("@m_product:{acme | git}");
        assertThat(query(metadataKey("product").isNotIn("acme"))).isEqualTo("-(@m_product:{acme})");
        assertThat(query(new ContainsValue("tags", "beta"))).isEqualTo("@m_tags:{beta}");
        // booleans are stored as "true"/"false"; numbers compared with a TAG field in plain form
        assertThat(query(new IsEqualTo("draft", true))).isEqualTo("@m_draft:{true}");
        assertThat(query(metadataKey("product").isEqualTo(2.50))).isEqualTo("@m_product:{2\\.5}");
    }

    @Test
    void numericComparisons() {
        assertThat(query(metadataKey("version").isEqualTo(2L))).isEqualTo("@m_version:[2 2]");
        assertThat(query(metadataKey("version").isNotEqualTo(2L))).isEqualTo("-(@m_version:[2 2])");
        assertThat(query(metadataKey("version").isGreaterThan(2L))).isEqualTo("@m_version:[(2 +inf]");
        assertThat(query(metadataKey("version").isGreaterThanOrEqualTo(2.5))).isEqualTo("@m_version:[2.5 +inf]");
        assertThat(query(metadataKey("version").isLessThan(-1L))).isEqualTo("@m_version:[-inf (-1]");
        assertThat(query(metadataKey("version").isLessThanOrEqualTo(1e-7))).isEqualTo("@m_version:[-inf 0.0000001]");
        assertThat(query(metadataKey("version").isIn(3L, 1L))).isEqualTo("(@m_version:[1 1] | @m_version:[3 3])");
        assertThat(query(metadataKey("version").isIn(3L))).isEqualTo("@m_version:[3 3]");
        assertThat(query(metadataKey("version").isNotIn(3L, 1L))).isEqualTo("-(@m_version:[1 1] | @m_version:[3 3])");
    }

    @Test
    void logicalOperatorsAreFlattenedAndAlwaysGrouped() {
        Filter recentAcme = metadataKey("product").isEqualTo("acme").and(metadataKey("version").isGreaterThanOrEqualTo(3L));
        assertThat(query(recentAcme)).isEqualTo("(@m_product:{acme} @m_version:[3 +inf])");
        assertThat(query(recentAcme.and(new ContainsValue("tags", "b"))))
                .isEqualTo("(@m_product:{acme} @m_version:[3 +inf] @m_tags:{b})");
        assertThat(query(metadataKey("product").isEqualTo("a").or(metadataKey("product").isEqualTo("b")).or(metadataKey("version").isLessThan(1L))))
                .isEqualTo("(@m_product:{a} | @m_product:{b} | @m_version:[-inf (1])");
        assertThat(query(Filter.not(metadataKey("version").isLessThan(2L)))).isEqualTo("-(@m_version:[-inf (2])");
        assertThat(query(Filter.not(recentAcme.or(metadataKey("product").isEqualTo("x")))))
                .isEqualTo("-((@m_product:{acme} @m_version:[3 +inf]) | @m_product:{x})");
        assertThat(RediSearchQuery.knn(query(recentAcme), 5))
                .isEqualTo("(@m_product:{acme} @m_version:[3 +inf])=>[KNN 5 @vector $vec AS dist]");
        assertThat(RediSearchQuery.knn(query(metadataKey("product").isEqualTo("acme")), 5))
                .isEqualTo("(@m_product:{acme})=>[KNN 5 @vector $vec AS dist]");
    }

    @Test
    void tagValuesAreEscaped() {
        assertThat(query(metadataKey("product").isEqualTo("my product-v1.0"))).isEqualTo("@m_product:{my\\ product\\-v1\\.0}");
        assertThat(query(metadataKey("product").isEqualTo("a*"))).isEqualTo("@m_product:{a\\*}");
        assertThat(query(metadataKey("product").isEqualTo("{x}|(y),'z\"\\")))
                .isEqualTo("@m_product:{\\{x\\}\\|\\(y\\)\\,\\'z\\\"\\\\}");
        assertThat(query(metadataKey("product").isEqualTo("Ünïcode_ok"))).isEqualTo("@m_product:{Ünïcode_ok}");
        assertThat(RediSearchQuery.escape("@foo:bar $x")).isEqualTo("\\@foo\\:bar\\ \\$x");
    }

    @Test
    void textQueryIsAUnionOfWordsWithinThePrefilter() {
        List<String> fields = List.of("text", "title");
        assertThat(RediSearchQuery.text(List.of("widget"), fields, "*")).isEqualTo("@text|title:(widget)");
        assertThat(RediSearchQuery.text(List.of("git", "rebase"), fields, query(metadataKey("product").isEqualTo("other"))))
                .isEqualTo("(@text|title:(git | rebase) (@m_product:{other}))");
        assertThat(RediSearchQuery.text(List.of("a"), fields, query(metadataKey("product").isEqualTo("x").and(metadataKey("version").isEqualTo(1L)))))
                .isEqualTo("(@text|title:(a) (@m_product:{x} @m_version:[1 1]))");
    }

    @Test
    void undeclaredFieldsNameTheConfigurationKey() {
        assertThatThrownBy(() -> query(metadataKey("lang").isEqualTo("en")))
                .isInstanceOf(UnsupportedFilterException.class)
                .hasMessageContaining("\"lang\"")
                .hasMessageContaining("ragtune.index.search-fields.lang=tag|numeric");
    }

    @Test
    void filtersTheIndexCannotExpressAreRefused() {
        assertThatThrownBy(() -> query(new ContainsString("product", "ac")))
                .isInstanceOf(UnsupportedFilterException.class).hasMessageContaining("ContainsString");
        assertThatThrownBy(() -> query(metadataKey("product").isGreaterThan(2L)))
                .isInstanceOf(UnsupportedFilterException.class).hasMessageContaining("NUMERIC");
        assertThatThrownBy(() -> query(new ContainsValue("version", "2")))
                .isInstanceOf(UnsupportedFilterException.class).hasMessageContaining("TAG");
        assertThatThrownBy(() -> query(metadataKey("version").isEqualTo("two")))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("numeric");
        assertThatThrownBy(() -> query(metadataKey("product").isEqualTo(" ")))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> query(metadataKey("bad-key").isEqualTo("x")))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("bad-key");
    }
}
