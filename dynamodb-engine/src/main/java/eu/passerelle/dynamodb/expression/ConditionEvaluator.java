package eu.passerelle.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.AttributeValues;

import java.math.BigDecimal;

/**
 * Evaluates a condition against an item (empty when there is none), as "Comparison operator and
 * function reference" describes: a missing attribute makes comparisons false except {@code <>},
 * values of different types are never equal nor ordered.
 */
public final class ConditionEvaluator {

    private ConditionEvaluator() {
    }

    public static boolean test(Condition condition, ObjectNode item) {
        if (condition instanceof Condition.Or or) {
            return test(or.left(), item) || test(or.right(), item);
        }
        if (condition instanceof Condition.And and) {
            return test(and.left(), item) && test(and.right(), item);
        }
        if (condition instanceof Condition.Not not) {
            return !test(not.condition(), item);
        }
        if (condition instanceof Condition.Comparison comparison) {
            JsonNode left = operand(comparison.left(), item);
            JsonNode right = operand(comparison.right(), item);
            return compare(comparison.operator(), left, right);
        }
        if (condition instanceof Condition.Between between) {
            JsonNode value = operand(between.value(), item);
            JsonNode low = operand(between.low(), item);
            JsonNode high = operand(between.high(), item);
            return compare(">=", value, low) && compare("<=", value, high);
        }
        if (condition instanceof Condition.In in) {
            JsonNode value = operand(in.value(), item);
            if (value == null) {
                return false;
            }
            for (Operand candidate : in.candidates()) {
                if (AttributeValues.equal(value, operand(candidate, item))) {
                    return true;
                }
            }
            return false;
        }
        Condition.Function function = (Condition.Function) condition;
        JsonNode value = Documents.get(item, function.path().path());
        switch (function.name()) {
            case "attribute_exists":
                return value != null;
            case "attribute_not_exists":
                return value == null;
            case "attribute_type": {
                JsonNode type = operand(function.argument(), item);
                return value != null && type != null && AttributeValues.type(value).equals(type.get("S").asText());
            }
            case "begins_with": {
                JsonNode prefix = operand(function.argument(), item);
                if (value == null || prefix == null) {
                    return false;
                }
                String type = AttributeValues.type(value);
                if (!type.equals(AttributeValues.type(prefix))) {
                    return false;
                }
                if (type.equals("S")) {
                    return value.get("S").asText().startsWith(prefix.get("S").asText());
                }
                if (type.equals("B")) {
                    byte[] v = AttributeValues.decode(value.get("B").asText());
                    byte[] p = AttributeValues.decode(prefix.get("B").asText());
                    return v.length >= p.length && java.util.Arrays.equals(v, 0, p.length, p, 0, p.length);
                }
                return false;
            }
            default: {
                JsonNode needle = operand(function.argument(), item);
                return contains(value, needle);
            }
        }
    }

    private static boolean contains(JsonNode value, JsonNode needle) {
        if (value == null || needle == null) {
            return false;
        }
        String type = AttributeValues.type(value);
        String needleType = AttributeValues.type(needle);
        switch (type) {
            case "S":
                return needleType.equals("S") && value.get("S").asText().contains(needle.get("S").asText());
            case "SS":
            case "NS":
            case "BS": {
                if (!needleType.equals(type.substring(0, 1))) {
                    return false;
                }
                Object wanted = AttributeValues.canonical(type, needle.get(needleType).asText());
                return AttributeValues.setOf(type, value.get(type)).contains(wanted);
            }
            case "L":
                for (JsonNode element : value.get("L")) {
                    if (AttributeValues.equal(element, needle)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    private static boolean compare(String operator, JsonNode left, JsonNode right) {
        if (left == null || right == null) {
            return operator.equals("<>") && (left != null || right != null);
        }
        switch (operator) {
            case "=":
                return AttributeValues.equal(left, right);
            case "<>":
                return !AttributeValues.equal(left, right);
            default:
                break;
        }
        if (!AttributeValues.orderable(left) || !AttributeValues.type(left).equals(AttributeValues.type(right))) {
            return false;
        }
        int c = AttributeValues.compare(left, right);
        return switch (operator) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    /** The value of a condition operand, or null when missing. */
    static JsonNode operand(Operand operand, ObjectNode item) {
        if (operand instanceof Operand.Value value) {
            return value.value();
        }
        if (operand instanceof Operand.PathOperand path) {
            return Documents.get(item, path.path());
        }
        if (operand instanceof Operand.Size size) {
            JsonNode value = Documents.get(item, size.path());
            if (value == null) {
                return null;
            }
            long n = AttributeValues.size(value);
            return n < 0 ? null : AttributeValues.number(BigDecimal.valueOf(n));
        }
        throw new IllegalStateException("not a condition operand: " + operand);
    }
}
