package eu.passerelle.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.dynamodb.AttributeValues;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies projection paths ("Projection expressions"): the item keeps only those paths; list
 * elements picked by index come back as a shorter list, in index order.
 */
public final class Projection {

    private Projection() {
    }

    public static ObjectNode apply(ObjectNode item, List<Path> paths) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Path path : paths) {
            JsonNode value = Documents.get(item, path);
            if (value != null) {
                insert(tree, path.elements(), 0, value);
            }
        }
        ObjectNode result = AttributeValues.NODES.objectNode();
        tree.forEach((name, node) -> result.set(name, build(node)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Object container, List<Object> elements, int i, JsonNode value) {
        Object key = elements.get(i);
        Map<Object, Object> map = (Map<Object, Object>) container;
        if (i == elements.size() - 1) {
            map.put(key, value);
            return;
        }
        Object child = map.get(key);
        if (child == null) {
            child = elements.get(i + 1) instanceof Integer ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
            map.put(key, child);
        }
        insert(child, elements, i + 1, value);
    }

    @SuppressWarnings("unchecked")
    private static JsonNode build(Object node) {
        if (node instanceof JsonNode value) {
            return value;
        }
        if (node instanceof TreeMap<?, ?> list) {
            ArrayNode array = AttributeValues.NODES.arrayNode();
            ((TreeMap<Integer, Object>) list).values().forEach(v -> array.add(build(v)));
            return AttributeValues.of("L", array);
        }
        ObjectNode map = AttributeValues.NODES.objectNode();
        ((Map<String, Object>) node).forEach((name, v) -> map.set(name, build(v)));
        return AttributeValues.of("M", map);
    }
}
