package eu.passerelle.dynamodb.expression;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.AttributeValues;
import eu.passerelle.dynamodb.DynamoDbException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties of the expression evaluator against plain Java arithmetic and logic. */
class ExpressionEvaluatorPropertyTest {

    private static ObjectNode values(Object... namesAndValues) {
        ObjectNode values = AttributeValues.NODES.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.set((String) namesAndValues[i], (ObjectNode) namesAndValues[i + 1]);
        }
        return values;
    }

    private static boolean holds(String condition, ObjectNode item, ObjectNode values) {
        ExpressionAttributes attributes = new ExpressionAttributes(null, values);
        Condition parsed = ExpressionParser.condition(condition, ExpressionParser.CONDITION, attributes);
        return ConditionEvaluator.test(parsed, item);
    }

    private static ObjectNode itemWith(String name, ObjectNode value) {
        ObjectNode item = AttributeValues.NODES.objectNode();
        item.set(name, value);
        return item;
    }

    @Provide
    Arbitrary<BigDecimal> numbers() {
        return Combinators.combine(Arbitraries.bigIntegers().between(new java.math.BigInteger("-99999999999999999999"), new java.math.BigInteger("99999999999999999999")),
                Arbitraries.integers().between(-20, 20)).as((unscaled, scale) -> new BigDecimal(unscaled, scale));
    }

    @Property
    void numberComparisonsAgreeWithExactDecimals(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal b) {
        ObjectNode item = itemWith("a", AttributeValues.number(a));
        ObjectNode values = values(":b", AttributeValues.number(b));
        int c = a.compareTo(b);
        assertThat(holds("a < :b", item, values)).isEqualTo(c < 0);
        assertThat(holds("a <= :b", item, values)).isEqualTo(c <= 0);
        assertThat(holds("a = :b", item, values)).isEqualTo(c == 0);
        assertThat(holds("a <> :b", item, values)).isEqualTo(c != 0);
        assertThat(holds("a >= :b", item, values)).isEqualTo(c >= 0);
        assertThat(holds("a > :b", item, values)).isEqualTo(c > 0);
    }

    @Property
    void betweenIsBothBounds(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal x, @ForAll("numbers") BigDecimal y) {
        BigDecimal low = x.min(y);
        BigDecimal high = x.max(y);
        ObjectNode item = itemWith("a", AttributeValues.number(a));
        ObjectNode values = values(":lo", AttributeValues.number(low), ":hi", AttributeValues.number(high));
        assertThat(holds("a BETWEEN :lo AND :hi", item, values)).isEqualTo(holds("a >= :lo AND a <= :hi", item, values));
    }

    @Property
    void deMorganHolds(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal b, @ForAll("numbers") BigDecimal c) {
        ObjectNode item = itemWith("a", AttributeValues.number(a));
        ObjectNode values = values(":b", AttributeValues.number(b), ":c", AttributeValues.number(c));
        assertThat(holds("NOT (a < :b AND a > :c)", item, values)).isEqualTo(holds("NOT a < :b OR NOT a > :c", item, values));
        assertThat(holds("NOT (a < :b OR a > :c)", item, values)).isEqualTo(holds("(NOT a < :b) AND (NOT a > :c)", item, values));
    }

    @Property
    void stringsOrderByUtf8Bytes(@ForAll String a, @ForAll String b) {
        ObjectNode item = itemWith("a", AttributeValues.string(a));
        ObjectNode values = values(":b", AttributeValues.string(b));
        int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        // Unpaired surrogates have no UTF-8 form; well-formed text is what DynamoDB stores.
        if (!a.equals(new String(a.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                || !b.equals(new String(b.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
            return;
        }
        assertThat(holds("a < :b", item, values)).isEqualTo(bytes < 0);
        assertThat(holds("begins_with(a, :b)", item, values)).isEqualTo(a.startsWith(b));
    }

    @Property
    void addThenSubtractRestoresTheNumberOrRefusesToRound(@ForAll("numbers") BigDecimal start, @ForAll("numbers") BigDecimal delta) {
        ObjectNode item = itemWith("n", AttributeValues.number(start));
        ObjectNode values = values(":d", AttributeValues.number(delta));
        UpdateExpression add = ExpressionParser.update("ADD n :d", new ExpressionAttributes(null, values));
        UpdateExpression subtract = ExpressionParser.update("SET n = n - :d", new ExpressionAttributes(null, values));
        if (start.add(delta).stripTrailingZeros().precision() > 38) {
            // Exact decimals: a sum that needs more than 38 digits is refused, never rounded.
            assertThatThrownBy(() -> add.apply(item)).isInstanceOf(DynamoDbException.class).hasMessageContaining("38 significant digits");
            return;
        }
        ObjectNode after = subtract.apply(add.apply(item));
        assertThat(AttributeValues.numberOf(after.get("n"))).isEqualByComparingTo(start);
        assertThat(AttributeValues.numberOf(add.apply(item).get("n"))).isEqualByComparingTo(start.add(delta));
    }

    @Property
    void setThenReadAnyNestedPath(@ForAll("paths") List<Object> path, @ForAll String value) {
        ObjectNode item = AttributeValues.NODES.objectNode();
        // Build the containers the path walks through, as a client would before setting a leaf.
        StringBuilder expression = new StringBuilder("#p0");
        ObjectNode names = AttributeValues.NODES.objectNode();
        names.put("#p0", "root");
        ObjectNode container = item;
        String key = "root";
        for (int i = 0; i < path.size(); i++) {
            Object element = path.get(i);
            ObjectNode holder;
            if (element instanceof Integer) {
                holder = AttributeValues.of("L", AttributeValues.NODES.arrayNode());
                expression.append('[').append(element).append(']');
            } else {
                holder = AttributeValues.of("M", AttributeValues.NODES.objectNode());
                names.put("#p" + (i + 1), (String) element);
                expression.append(".#p").append(i + 1);
            }
            if (container == item) {
                item.set(key, holder);
            } else if (container.has("M")) {
                ((ObjectNode) container.get("M")).set(key, holder);
            } else {
                ((com.fasterxml.jackson.databind.node.ArrayNode) container.get("L")).add(holder);
            }
            container = holder;
            key = element instanceof String s ? s : null;
        }
        ExpressionAttributes attributes = new ExpressionAttributes(names, values(":v", AttributeValues.string(value)));
        UpdateExpression update = ExpressionParser.update("SET " + expression + " = :v", attributes);
        attributes.requireAllUsed();
        ObjectNode after = update.apply(item);
        Path target = update.sets().get(0).path();
        assertThat(Documents.get(after, target)).isEqualTo(AttributeValues.string(value));
    }

    @Provide
    Arbitrary<List<Object>> paths() {
        Arbitrary<Object> element = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).map(s -> (Object) s),
                Arbitraries.just((Object) 0));
        return element.list().ofMaxSize(4);
    }

    @Property
    void unusedPlaceholdersAreRefused(@ForAll("numbers") BigDecimal a) {
        ExpressionAttributes attributes = new ExpressionAttributes(null, values(":a", AttributeValues.number(a), ":b", AttributeValues.number(a)));
        ExpressionParser.condition("x = :a", ExpressionParser.CONDITION, attributes);
        assertThatThrownBy(attributes::requireAllUsed).isInstanceOf(DynamoDbException.class).hasMessageContaining(":b");
    }
}
