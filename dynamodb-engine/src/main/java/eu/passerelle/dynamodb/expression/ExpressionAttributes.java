package eu.passerelle.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.AttributeValues;
import eu.passerelle.dynamodb.DynamoDbException;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}: resolves
 * placeholders while parsing and, once every expression of the request is parsed, refuses those
 * left unused, as DynamoDB does.
 */
public final class ExpressionAttributes {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, ObjectNode> values = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    public ExpressionAttributes(JsonNode names, JsonNode values) {
        if (names != null && !names.isNull()) {
            if (!names.isObject() || names.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeNames must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = names.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().startsWith("#") || e.getKey().length() < 2) {
                    throw DynamoDbException.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + e.getKey() + "\"");
                }
                if (e.getValue().asText().isEmpty()) {
                    throw DynamoDbException.validation("ExpressionAttributeNames contains invalid value: Empty attribute name; key: \"" + e.getKey() + "\"");
                }
                this.names.put(e.getKey(), e.getValue().asText());
            }
        }
        if (values != null && !values.isNull()) {
            if (!values.isObject() || values.isEmpty()) {
                throw DynamoDbException.validation("ExpressionAttributeValues must not be empty");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().startsWith(":") || e.getKey().length() < 2) {
                    throw DynamoDbException.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + e.getKey() + "\"");
                }
                ObjectNode value;
                try {
                    value = AttributeValues.value(e.getValue());
                } catch (DynamoDbException invalid) {
                    throw DynamoDbException.validation("ExpressionAttributeValues contains invalid value: " + invalid.getMessage()
                            + " for key " + e.getKey());
                }
                this.values.put(e.getKey(), value);
            }
        }
    }

    public static ExpressionAttributes of(JsonNode request) {
        return new ExpressionAttributes(request.get("ExpressionAttributeNames"), request.get("ExpressionAttributeValues"));
    }

    String name(String placeholder, String kind) {
        String name = names.get(placeholder);
        if (name == null) {
            throw DynamoDbException.validation("Invalid " + kind + ": An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    ObjectNode value(String placeholder, String kind) {
        ObjectNode value = values.get(placeholder);
        if (value == null) {
            throw DynamoDbException.validation("Invalid " + kind + ": An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Call after every expression of the request was parsed. */
    public void requireAllUsed() {
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoDbException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoDbException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + String.join(", ", unusedValues) + "}");
        }
    }
}
