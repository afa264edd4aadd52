package dev.ragtune.knowledge.index.filter;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterJsonTest {

    /** Single quotes keep the JSON in these tests readable. */
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Filter parse(String text) {
        return FilterJson.parse(json(text));
    }

    @Test
    void absentOrEmptyFilterMeansNoFilter() {
        assertThat(FilterJson.parse(null)).isNull();
        assertThat(FilterJson.parse(NullNode.getInstance())).isNull();
        assertThat(FilterJson.parse(MissingNode.getInstance())).isNull();
        assertThat(parse("{}")).isNull();
    }

    @Test
    void plainValueIsEquality() {
        assertThat(parse("{'product': 'git'}")).isEqualTo(new IsEqualTo("product", "git"));
    }

    @Test
    void severalKeysAreAndedInOrder() {
        assertThat(parse("{'product': 'git', 'version': 2, 'lang': 'en'}")).isEqualTo(
                new And(new And(new IsEqualTo("product", "git"), new IsEqualTo("version", 2L)),
                        new IsEqualTo("lang", "en")));
    }

    @Test
    void integersBecomeLongAndDecimalsDouble() {
        assertThat(((IsEqualTo) parse("{'v': 2}")).comparisonValue()).isEqualTo(2L);
        assertThat(((IsEqualTo) parse("{'v': -2.5}")).comparisonValue()).isEqualTo(-2.5d);
    }

    @Test
    void booleansAreNormalisedToStrings() {
        assertThat(parse("{'beta': true}")).isEqualTo(new IsEqualTo("beta", "true"));
        assertThat(parse("{'beta': {'$ne': false}}")).isEqualTo(new IsNotEqualTo("beta", "false"));
        assertThat(parse("{'beta': {'$in': [true, false]}}")).isEqualTo(new IsIn("beta", List.of("true", "false")));
    }

    @Test
    void everyComparisonOperator() {
        assertThat(parse("{'p': {'$eq': 'git'}}")).isEqualTo(new IsEqualTo("p", "git"));
        assertThat(parse("{'p': {'$ne': 'git'}}")).isEqualTo(new IsNotEqualTo("p", "git"));
        assertThat(parse("{'v': {'$gt': 1}}")).isEqualTo(new IsGreaterThan("v", 1L));
        assertThat(parse("{'v': {'$gte': 1.5}}")).isEqualTo(new IsGreaterThanOrEqualTo("v", 1.5d));
        assertThat(parse("{'v': {'$lt': -3}}")).isEqualTo(new IsLessThan("v", -3L));
        assertThat(parse("{'v': {'$lte': 0}}")).isEqualTo(new IsLessThanOrEqualTo("v", 0L));
        assertThat(parse("{'p': {'$in': ['git', 'svn']}}")).isEqualTo(new IsIn("p", List.of("git", "svn")));
        assertThat(parse("{'v': {'$nin': [1, 2.5]}}")).isEqualTo(new IsNotIn("v", List.of(1L, 2.5d)));
        assertThat(parse("{'tags': {'$contains': 'beta'}}")).isEqualTo(new ContainsValue("tags", "beta"));
    }

    @Test
    void severalOperatorsOnOneFieldAreAnded() {
        assertThat(parse("{'version': {'$gte': 2, '$lt': 3}}")).isEqualTo(
                new And(new IsGreaterThanOrEqualTo("version", 2L), new IsLessThan("version", 3L)));
    }

    @Test
    void logicalOperatorsNest() {
        Filter filter = parse("{'$or': [{'product': 'git'}, {'$and': [{'v': {'$gt': 1}}, {'$not': {'lang': 'de'}}]},"
                + " {'tags': {'$contains': 'x'}}]}");
        assertThat(filter).isEqualTo(new Or(
                new Or(new IsEqualTo("product", "git"),
                        new And(new IsGreaterThan("v", 1L), new Not(new IsEqualTo("lang", "de")))),
                new ContainsValue("tags", "x")));
    }

    @Test
    void logicalOperatorCombinesWithFieldsInSameObject() {
        assertThat(parse("{'product': 'git', '$or': [{'v': 1}, {'v': 2}]}")).isEqualTo(
                new And(new IsEqualTo("product", "git"), new Or(new IsEqualTo("v", 1L), new IsEqualTo("v", 2L))));
    }

    @Test
    void singleElementAndIsTheElementItself() {
        assertThat(parse("{'$and': [{'p': 'git'}]}")).isEqualTo(new IsEqualTo("p", "git"));
    }

    @Test
    void parsedFilterEvaluatesWithLangChain4jSemantics() {
        Filter filter = parse("{'product': 'git', 'version': {'$gte': 2}, 'tags': {'$contains': 'beta'}}");
        Metadata matching = new Metadata(Map.of("product", "git", "version", 3, "tags", "alpha,beta"));
        Metadata wrongTag = new Metadata(Map.of("product", "git", "version", 3, "tags", "alpha"));
        assertThat(filter.test(matching)).isTrue();
        assertThat(filter.test(wrongTag)).isFalse();
    }

    @Test
    void valuesWithOneKindOfQuoteOrBackslashesAreAccepted() {
        assertThat(parse("{'p': \"it's\"}")).isEqualTo(new IsEqualTo("p", "it's"));
        assertThat(parse("{'p': 'say \"hi\"'}")).isEqualTo(new IsEqualTo("p", "say \"hi\""));
        assertThat(parse("{'p': 'C:\\\\dir\\\\\\\\'}")).isEqualTo(new IsEqualTo("p", "C:\\dir\\\\"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`[1]`                                     | filter: expected a JSON object such as {\"product\": \"git\"}, got array",
            "`{'v': {'$regex': 'g.*'}}`                | filter.v.$regex: unknown operator $regex; expected one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $contains",
            "`{'$gt': 1}`                              | filter.$gt: operator $gt must be applied to a field, e.g. {\"version\": {\"$gt\": ...}}; only $and, $or and $not may appear here",
            "`{'$nor': []}`                            | filter.$nor: unknown operator $nor; expected a field name or one of $and, $or, $not",
            "`{'$and': [{'p': 1}, {'a-b': 1}]}`        | filter.$and[1]: invalid field name \"a-b\"; field names must match [A-Za-z_][A-Za-z0-9_]*",
            "`{'.x == 1 or .y': 1}`                    | filter: invalid field name \".x == 1 or .y\"; field names must match [A-Za-z_][A-Za-z0-9_]*",
            "`{'p': {'$in': []}}`                      | filter.p.$in: expected a non-empty array of strings, numbers or booleans, got empty array",
            "`{'p': {'$nin': 'git'}}`                  | filter.p.$nin: expected a non-empty array of strings, numbers or booleans, got string \"git\"",
            "`{'p': {'$in': ['a', 1]}}`                | filter.p.$in[1]: all values must have the same type; expected a string like the first value, got number 1",
            "`{'p': {'$in': [['a']]}}`                 | filter.p.$in[0]: expected a string, number or boolean, got array",
            "`{'p': {'x': 1}}`                         | filter.p.x: expected an operator but got \"x\" (nested objects are not supported); expected one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $contains",
            "`{'p': {}}`                               | filter.p: empty operator object; expected one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $contains",
            "`{'p': null}`                             | filter.p: expected a string, number or boolean, got null",
            "`{'p': {'$eq': {'a': 1}}}`                | filter.p.$eq: expected a string, number or boolean, got object",
            "`{'p': ['a', 'b']}`                       | filter.p: expected a string, number or boolean, got array (use $in or $nin to match one of several values)",
            "`{'$and': [{'v': {'$gt': '2'}}]}`         | filter.$and[0].v.$gt: expected a number, got string \"2\" (ordering comparisons are only supported on numbers)",
            "`{'v': {'$lte': true}}`                   | filter.v.$lte: expected a number, got boolean true (ordering comparisons are only supported on numbers)",
            "`{'$and': []}`                            | filter.$and: expected a non-empty array of filter objects, got empty array",
            "`{'$or': [{'p': 1}, 'x']}`                | filter.$or[1]: expected a filter object, got string \"x\"",
            "`{'$or': [{}]}`                           | filter.$or[0]: empty filter object; expected at least one field or $and/$or/$not",
            "`{'$not': [{'p': 1}]}`                    | filter.$not: expected a filter object, got array",
            "`{'tags': {'$contains': 1}}`              | filter.tags.$contains: expected a string, got number 1",
            "`{'tags': {'$contains': 'a,b'}}`          | filter.tags.$contains: value \"a,b\" must not contain ','",
            "`{'v': 9007199254740993}`                 | filter.v: integer 9007199254740993 is out of range; expected a value between -9007199254740992 and 9007199254740992",
            "`{'v': {'$gte': 1.7976931348623157E308}}` | filter.v.$gte: number 1.7976931348623157E308 is out of range; expected a value between -9007199254740992 and 9007199254740992",
            "`{'p': \"a\\\"b'c\"}`                        | filter.p: string value contains both ' and \" quote characters, which Redis filter expressions cannot represent",
            "`{'p': 'ends\\\\'}`                       | filter.p: string value ends with an odd number of backslashes, which Redis filter expressions cannot represent",
    })
    void malformedFiltersAreRejectedWithPreciseMessages(String filterJson, String expectedMessage) {
        assertThatThrownBy(() -> parse(filterJson))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() {
        String nested = "{'p': 1}";
        for (int i = 1; i < FilterJson.MAX_DEPTH; i++) {
            nested = "{'$not': " + nested + "}";
        }
        assertThat(parse(nested)).isNotNull();

        String tooDeep = "{'$not': " + nested + "}";
        assertThatThrownBy(() -> parse(tooDeep))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessage("filter" + ".$not".repeat(FilterJson.MAX_DEPTH) + ": filter is nested more than 10 levels deep");
    }

    @Test
    void tooManyConditionsAreRejected() {
        StringBuilder conditions = new StringBuilder("{'$or': [");
        for (int i = 0; i <= FilterJson.MAX_CONDITIONS; i++) {
            conditions.append(i == 0 ? "" : ",").append("{'v': ").append(i).append('}');
        }
        String filter = conditions.append("]}").toString();
        assertThatThrownBy(() -> parse(filter))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessage("filter.$or[100].v: filter has more than 100 conditions");
    }
}
