package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB attribute values in their wire form ({@code {"S":"x"}}, {@code {"N":"1.5"}}, …):
 * validation, number normalisation (38 significant digits, 1E-130 to 9.99…E+125), equality,
 * ordering and sizes, as the developer guide's "Supported data types" describes them.
 */
public final class AttributeValues {

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    public static final MathContext PRECISION = new MathContext(38);
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN = new BigDecimal("1E-130");
    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS");

    private AttributeValues() {
    }

    /** The type descriptor of a value already validated. */
    public static String type(JsonNode value) {
        return value.fieldNames().next();
    }

    public static boolean isType(String type) {
        return TYPES.contains(type);
    }

    public static ObjectNode of(String type, JsonNode inner) {
        ObjectNode node = NODES.objectNode();
        node.set(type, inner);
        return node;
    }

    public static ObjectNode string(String s) {
        return of("S", NODES.textNode(s));
    }

    public static ObjectNode number(BigDecimal n) {
        return of("N", NODES.textNode(format(n)));
    }

    /** Validates a whole item (attribute name → value), normalising its numbers. */
    public static ObjectNode item(JsonNode item, String what) {
        if (item == null || !item.isObject()) {
            throw DynamoDbException.validation(what + " must be a map of attribute values");
        }
        ObjectNode result = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().isEmpty()) {
                throw DynamoDbException.invalidParameter("An AttributeName cannot be empty");
            }
            result.set(field.getKey(), value(field.getValue()));
        }
        return result;
    }

    /** Validates one value, normalising its numbers; throws a ValidationException as DynamoDB words it. */
    public static ObjectNode value(JsonNode value) {
        if (value == null || !value.isObject() || value.size() == 0) {
            throw DynamoDbException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (value.size() > 1) {
            throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        String type = type(value);
        JsonNode inner = value.get(type);
        switch (type) {
            case "S":
                requireText(inner, type);
                return (ObjectNode) value;
            case "N":
                requireText(inner, type);
                return of("N", NODES.textNode(format(parseNumber(inner.asText()))));
            case "B":
                requireText(inner, type);
                decode(inner.asText());
                return (ObjectNode) value;
            case "BOOL":
                if (!inner.isBoolean()) {
                    throw DynamoDbException.serialization("BOOL must be a boolean");
                }
                return (ObjectNode) value;
            case "NULL":
                if (!inner.isBoolean() || !inner.booleanValue()) {
                    throw DynamoDbException.invalidParameter("Null attribute value types must have the value of true");
                }
                return (ObjectNode) value;
            case "L": {
                if (!inner.isArray()) {
                    throw DynamoDbException.serialization("L must be a list");
                }
                ArrayNode list = NODES.arrayNode(inner.size());
                for (JsonNode element : inner) {
                    list.add(value(element));
                }
                return of("L", list);
            }
            case "M":
                return of("M", item(inner, "M"));
            case "SS":
            case "NS":
            case "BS":
                return set(type, inner);
            default:
                throw DynamoDbException.validation("Supplied AttributeValue has an unknown data type: " + type);
        }
    }

    private static ObjectNode set(String type, JsonNode inner) {
        if (!inner.isArray()) {
            throw DynamoDbException.serialization(type + " must be a list");
        }
        if (inner.isEmpty()) {
            String name = switch (type) {
                case "SS" -> "string";
                case "NS" -> "number";
                default -> "binary";
            };
            throw DynamoDbException.invalidParameter("An " + name + " set  may not be empty");
        }
        ArrayNode result = NODES.arrayNode(inner.size());
        Set<String> seen = new HashSet<>();
        for (JsonNode element : inner) {
            requireText(element, type);
            String text = element.asText();
            String canonical = switch (type) {
                case "NS" -> format(parseNumber(text));
                case "BS" -> Base64.getEncoder().encodeToString(decode(text));
                default -> text;
            };
            if (!seen.add(canonical)) {
                throw DynamoDbException.invalidParameter("Input collection " + inner + " contains duplicates.");
            }
            result.add(type.equals("NS") ? canonical : text);
        }
        return of(type, result);
    }

    private static void requireText(JsonNode inner, String type) {
        if (inner == null || !inner.isTextual()) {
            throw DynamoDbException.serialization("Attribute value of type " + type + " must be a string");
        }
    }

    public static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw DynamoDbException.serialization("Base64 encoded length is invalid or not a valid Base64 value");
        }
    }

    /** A number within DynamoDB's range and precision. */
    public static BigDecimal parseNumber(String text) {
        BigDecimal n;
        try {
            String trimmed = text.trim();
            if (trimmed.isEmpty() || trimmed.length() > 200) {
                throw new NumberFormatException();
            }
            n = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw DynamoDbException.validation("A value provided cannot be converted into a number");
        }
        return checkRange(n);
    }

    public static BigDecimal checkRange(BigDecimal n) {
        if (n.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = n.stripTrailingZeros();
        if (stripped.precision() > 38) {
            throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = stripped.abs();
        if (magnitude.compareTo(MAX) > 0) {
            throw DynamoDbException.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(MIN) < 0) {
            throw DynamoDbException.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return stripped;
    }

    /** DynamoDB answers numbers without trailing zeros or exponent. */
    public static String format(BigDecimal n) {
        return n.signum() == 0 ? "0" : n.stripTrailingZeros().toPlainString();
    }

    public static BigDecimal numberOf(JsonNode value) {
        return new BigDecimal(value.get("N").asText());
    }

    public static boolean isScalarKeyType(String type) {
        return type.equals("S") || type.equals("N") || type.equals("B");
    }

    /** Equality as conditions see it: same type and value (numbers by value, sets regardless of order). */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        String type = type(a);
        if (!type.equals(type(b))) {
            return false;
        }
        JsonNode x = a.get(type);
        JsonNode y = b.get(type);
        switch (type) {
            case "N":
                return new BigDecimal(x.asText()).compareTo(new BigDecimal(y.asText())) == 0;
            case "B":
                return Arrays.equals(decode(x.asText()), decode(y.asText()));
            case "SS":
            case "NS":
            case "BS":
                return setOf(type, x).equals(setOf(type, y));
            case "L": {
                if (x.size() != y.size()) {
                    return false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!equal(x.get(i), y.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            case "M": {
                if (x.size() != y.size()) {
                    return false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!equal(field.getValue(), y.get(field.getKey()))) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return x.equals(y);
        }
    }

    /** Set elements in canonical form, so that sets compare by value. */
    public static Set<Object> setOf(String type, JsonNode elements) {
        Set<Object> set = new HashSet<>();
        for (JsonNode element : elements) {
            set.add(canonical(type, element.asText()));
        }
        return set;
    }

    public static Object canonical(String setType, String text) {
        return switch (setType) {
            case "NS", "N" -> new BigDecimal(text).stripTrailingZeros();
            case "BS", "B" -> Base64.getEncoder().encodeToString(decode(text));
            default -> text;
        };
    }

    /** Whether values of this type can be ordered with {@code <}, {@code >}, BETWEEN. */
    public static boolean orderable(JsonNode value) {
        return value != null && isScalarKeyType(type(value));
    }

    /** Orders two values of one scalar type: strings and binaries by their UTF-8 / unsigned bytes. */
    public static int compare(JsonNode a, JsonNode b) {
        String type = type(a);
        String x = a.get(type).asText();
        String y = b.get(type).asText();
        return switch (type) {
            case "N" -> new BigDecimal(x).compareTo(new BigDecimal(y));
            case "B" -> Arrays.compareUnsigned(decode(x), decode(y));
            default -> compareStrings(x, y);
        };
    }

    /** UTF-8 byte order, which is code point order (not Java's UTF-16 order). */
    public static int compareStrings(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** The {@code size()} function: string length, bytes of a binary, elements of a set, list or map; -1 otherwise. */
    public static long size(JsonNode value) {
        String type = type(value);
        JsonNode inner = value.get(type);
        return switch (type) {
            case "S" -> inner.asText().codePointCount(0, inner.asText().length());
            case "B" -> decode(inner.asText()).length;
            case "SS", "NS", "BS", "L", "M" -> inner.size();
            default -> -1;
        };
    }

    /** An item's size as DynamoDB counts it against the 400 KB limit (names plus values). */
    public static long itemSize(JsonNode item) {
        long size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            size += utf8Length(field.getKey()) + valueSize(field.getValue());
        }
        return size;
    }

    public static long valueSize(JsonNode value) {
        String type = type(value);
        JsonNode inner = value.get(type);
        switch (type) {
            case "S":
                return utf8Length(inner.asText());
            case "N":
                return numberSize(inner.asText());
            case "B":
                return (inner.asText().length() * 3L) / 4;
            case "BOOL":
            case "NULL":
                return 1;
            case "SS": {
                long s = 0;
                for (JsonNode e : inner) {
                    s += utf8Length(e.asText());
                }
                return s;
            }
            case "NS": {
                long s = 0;
                for (JsonNode e : inner) {
                    s += numberSize(e.asText());
                }
                return s;
            }
            case "BS": {
                long s = 0;
                for (JsonNode e : inner) {
                    s += (e.asText().length() * 3L) / 4;
                }
                return s;
            }
            case "L": {
                long s = 3;
                for (JsonNode e : inner) {
                    s += 1 + valueSize(e);
                }
                return s;
            }
            default: {
                long s = 3;
                for (Iterator<Map.Entry<String, JsonNode>> it = inner.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    s += 1 + utf8Length(field.getKey()) + valueSize(field.getValue());
                }
                return s;
            }
        }
    }

    private static long numberSize(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                digits++;
            }
        }
        return (digits + 1) / 2 + 1;
    }

    public static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
