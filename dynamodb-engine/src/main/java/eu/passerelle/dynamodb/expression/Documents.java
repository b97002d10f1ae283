package eu.passerelle.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.DynamoDbException;

/** Reads and writes document paths in an item (attribute name → attribute value). */
public final class Documents {

    private Documents() {
    }

    /** The value at {@code path}, or null when any step is missing or of another type. */
    public static JsonNode get(ObjectNode item, Path path) {
        JsonNode current = item.get(path.top());
        for (int i = 1; i < path.elements().size() && current != null; i++) {
            current = step(current, path.elements().get(i));
        }
        return current;
    }

    private static JsonNode step(JsonNode value, Object element) {
        if (element instanceof Integer index) {
            JsonNode list = value.get("L");
            return list == null || index >= list.size() ? null : list.get(index);
        }
        JsonNode map = value.get("M");
        return map == null ? null : map.get((String) element);
    }

    /** Sets the value at {@code path}; the parent must exist. A list index past the end appends. */
    static void set(ObjectNode item, Path path, JsonNode value) {
        if (path.isTopLevel()) {
            item.set(path.top(), value);
            return;
        }
        JsonNode parent = parent(item, path);
        Object last = path.elements().get(path.elements().size() - 1);
        if (last instanceof Integer index) {
            JsonNode list = parent == null ? null : parent.get("L");
            if (list == null) {
                throw invalidPath();
            }
            ArrayNode array = (ArrayNode) list;
            if (index < array.size()) {
                array.set(index, value);
            } else {
                array.add(value);
            }
        } else {
            JsonNode map = parent == null ? null : parent.get("M");
            if (map == null) {
                throw invalidPath();
            }
            ((ObjectNode) map).set((String) last, value);
        }
    }

    /** Removes the value at {@code path} if present; a removed list element shifts the rest. */
    static void remove(ObjectNode item, Path path) {
        if (path.isTopLevel()) {
            item.remove(path.top());
            return;
        }
        JsonNode parent = parent(item, path);
        if (parent == null) {
            return;
        }
        Object last = path.elements().get(path.elements().size() - 1);
        if (last instanceof Integer index) {
            JsonNode list = parent.get("L");
            if (list != null && index < list.size()) {
                ((ArrayNode) list).remove(index);
            }
        } else {
            JsonNode map = parent.get("M");
            if (map != null) {
                ((ObjectNode) map).remove((String) last);
            }
        }
    }

    private static JsonNode parent(ObjectNode item, Path path) {
        return get(item, new Path(path.elements().subList(0, path.elements().size() - 1)));
    }

    static DynamoDbException invalidPath() {
        return DynamoDbException.validation("The document path provided in the update expression is invalid for update");
    }
}
