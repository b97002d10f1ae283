package eu.passerelle.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;

/** One key attribute's value (S, N or B), ordered as DynamoDB orders sort keys. */
public final class KeyValue implements Comparable<KeyValue> {

    /** Below and above every value: bounds of index ranges. */
    public static final KeyValue MIN = new KeyValue('\0', null, null, null);
    public static final KeyValue MAX = new KeyValue('\uffff', null, null, null);

    private final char type;
    private final String text;
    private final BigDecimal number;
    private final byte[] bytes;

    private KeyValue(char type, String text, BigDecimal number, byte[] bytes) {
        this.type = type;
        this.text = text;
        this.number = number;
        this.bytes = bytes;
    }

    /** From a validated attribute value of type S, N or B; null for any other type. */
    public static KeyValue of(JsonNode value) {
        String type = AttributeValues.type(value);
        String inner = value.get(type).asText();
        return switch (type) {
            case "S" -> new KeyValue('S', inner, null, null);
            case "N" -> new KeyValue('N', null, new BigDecimal(inner), null);
            case "B" -> new KeyValue('B', null, null, AttributeValues.decode(inner));
            default -> null;
        };
    }

    public char type() {
        return type;
    }

    public ObjectNode toAttributeValue() {
        return switch (type) {
            case 'S' -> AttributeValues.string(text);
            case 'N' -> AttributeValues.number(number);
            default -> AttributeValues.of("B", AttributeValues.NODES.textNode(Base64.getEncoder().encodeToString(bytes)));
        };
    }

    /** Bytes as DynamoDB counts them against the 2048 / 1024 byte key limits. */
    public int size() {
        return switch (type) {
            case 'S' -> AttributeValues.utf8Length(text);
            case 'N' -> number.precision();
            default -> bytes.length;
        };
    }

    public boolean isEmpty() {
        return (type == 'S' && text.isEmpty()) || (type == 'B' && bytes.length == 0);
    }

    /** For {@code begins_with} on a sort key. */
    public boolean startsWith(KeyValue prefix) {
        if (type == 'S' && prefix.type == 'S') {
            return text.startsWith(prefix.text);
        }
        if (type == 'B' && prefix.type == 'B') {
            return bytes.length >= prefix.bytes.length
                    && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
        }
        return false;
    }

    /** A stable hash of the value, for parallel scan segments. */
    public int stableHash() {
        return switch (type) {
            case 'S' -> text.hashCode();
            case 'N' -> number.stripTrailingZeros().hashCode();
            case 'B' -> Arrays.hashCode(bytes);
            default -> type;
        };
    }

    @Override
    public int compareTo(KeyValue other) {
        if (type != other.type) {
            return Character.compare(type, other.type);
        }
        return switch (type) {
            case 'S' -> AttributeValues.compareStrings(text, other.text);
            case 'N' -> number.compareTo(other.number);
            case 'B' -> Arrays.compareUnsigned(bytes, other.bytes);
            default -> 0;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return stableHash();
    }

    @Override
    public String toString() {
        return toAttributeValue().toString();
    }
}
