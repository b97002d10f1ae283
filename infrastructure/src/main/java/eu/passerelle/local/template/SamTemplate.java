package eu.passerelle.local.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SAM template as the local runtime reads it: functions (with {@code Globals} merged as SAM
 * merges them), their events, the DynamoDB tables and SQS queues. Values keep their intrinsics;
 * a {@link Deployment} resolves them into names and URLs.
 */
public final class SamTemplate {

    private final Path file;
    private final Map<String, Object> tree;
    private final Map<String, Map<String, Object>> resources;

    private SamTemplate(Path file, Map<String, Object> tree) {
        this.file = file;
        this.tree = tree;
        this.resources = new LinkedHashMap<>();
        map(tree.get("Resources")).forEach((id, r) -> resources.put(id, map(r)));
    }

    public static SamTemplate load(Path file) {
        return new SamTemplate(file.toAbsolutePath().normalize(), CloudFormationYaml.read(file));
    }

    public Path file() {
        return file;
    }

    /** The directory CodeUri and other relative paths are resolved against. */
    public Path baseDirectory() {
        return file.getParent();
    }

    /** The whole template with short-form intrinsics in their long forms. */
    public Map<String, Object> tree() {
        return tree;
    }

    public Map<String, Map<String, Object>> resources() {
        return resources;
    }

    public Optional<String> resourceType(String logicalId) {
        Map<String, Object> r = resources.get(logicalId);
        return r == null ? Optional.empty() : Optional.of(String.valueOf(r.get("Type")));
    }

    public Map<String, Object> parameters() {
        return map(tree.get("Parameters"));
    }

    public Map<String, Object> conditions() {
        return map(tree.get("Conditions"));
    }

    public Map<String, Object> mappings() {
        return map(tree.get("Mappings"));
    }

    public List<FunctionDef> functions() {
        Map<String, Object> globals = map(map(tree.get("Globals")).get("Function"));
        List<FunctionDef> functions = new ArrayList<>();
        resources.forEach((id, r) -> {
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                Map<String, Object> properties = mergeGlobals(globals, map(r.get("Properties")));
                functions.add(FunctionDef.of(id, properties));
            }
        });
        return functions;
    }

    public Optional<FunctionDef> function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst();
    }

    public List<TableDef> tables() {
        List<TableDef> tables = new ArrayList<>();
        resources.forEach((id, r) -> {
            if ("AWS::DynamoDB::Table".equals(r.get("Type"))) {
                tables.add(TableDef.of(id, map(r.get("Properties"))));
            }
        });
        return tables;
    }

    public List<SecretDef> secrets() {
        List<SecretDef> secrets = new ArrayList<>();
        resources.forEach((id, r) -> {
            if ("AWS::SecretsManager::Secret".equals(r.get("Type"))) {
                secrets.add(SecretDef.of(id, map(r.get("Properties"))));
            }
        });
        return secrets;
    }

    public List<HttpApiDef> httpApis() {
        List<HttpApiDef> apis = new ArrayList<>();
        resources.forEach((id, r) -> {
            if ("AWS::Serverless::HttpApi".equals(r.get("Type"))) {
                apis.add(HttpApiDef.of(id, map(r.get("Properties"))));
            }
        });
        return apis;
    }

    public List<QueueDef> queues() {
        List<QueueDef> queues = new ArrayList<>();
        resources.forEach((id, r) -> {
            if ("AWS::SQS::Queue".equals(r.get("Type"))) {
                queues.add(QueueDef.of(id, map(r.get("Properties"))));
            }
        });
        return queues;
    }

    /**
     * SAM's Globals rules: a function's own scalar wins, maps merge key by key, and lists are
     * additive (the global items first).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeGlobals(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> {
            Object global = merged.get(key);
            if (global instanceof Map<?, ?> g && value instanceof Map<?, ?> v && !isIntrinsic(v)) {
                merged.put(key, mergeGlobals((Map<String, Object>) g, (Map<String, Object>) v));
            } else if (global instanceof List<?> g && value instanceof List<?> v) {
                List<Object> both = new ArrayList<>(g);
                both.addAll(v);
                merged.put(key, both);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static int integer(Object value, int defaultValue) {
        return value == null ? defaultValue : Integer.parseInt(String.valueOf(value));
    }
}
