package eu.passerelle.functions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the code expects of template.yaml, in JDK types only so that the template contract tests
 * can read it across class loaders: every function bean with its trigger and the resources it
 * touches.
 */
public final class FunctionManifest {

    private FunctionManifest() {
    }

    /** One map per function: {@code name}, {@code trigger}, {@code resources} (sorted logical ids). */
    public static List<Map<String, Object>> functions() {
        return PasserelleFunctions.all().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("trigger", f.trigger().name());
            m.put("resources", List.copyOf(new TreeSet<>(f.resources())));
            return m;
        }).toList();
    }

    /**
     * One map per DynamoDB table the code uses: {@code logicalId}, {@code partitionKey},
     * {@code sortKey} (or absent), {@code indexes} (each {@code name}, {@code partitionKey},
     * {@code sortKey}).
     */
    public static List<Map<String, Object>> tables() {
        return List.of();
    }
}
