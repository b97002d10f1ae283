package eu.passerelle.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** The key paths of a JSON event, to compare generated events with the recorded ones in events/. */
public final class EventShapes {

    private EventShapes() {
    }

    /** Objects are walked (except maps keyed by data), arrays through their first element. */
    public static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        collect(node, "", keys);
        return keys;
    }

    private static void collect(JsonNode node, String prefix, Set<String> keys) {
        if (node.isArray()) {
            if (!node.isEmpty()) {
                collect(node.get(0), prefix + "[].", keys);
            }
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode child = node.get(name);
            boolean dataKeyed = name.equals("headers") || name.equals("pathParameters")
                    || name.equals("queryStringParameters") || name.equals("messageAttributes") || name.equals("detail");
            if ((child.isObject() || child.isArray()) && !dataKeyed) {
                collect(child, prefix + name + ".", keys);
            } else {
                keys.add(prefix + name);
            }
        }
    }
}
