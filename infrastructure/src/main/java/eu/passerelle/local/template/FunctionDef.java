package eu.passerelle.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} after Globals are merged.
 *
 * @param environment environment variables, values still holding intrinsics
 * @param events      the function's event sources by name
 */
public record FunctionDef(String logicalId, String handler, String runtime, Object codeUri, int memorySize,
                          int timeoutSeconds, Map<String, Object> environment, List<Object> policies,
                          Map<String, EventDef> events, Map<String, Object> properties) {

    /** The environment variable naming the Spring Cloud Function bean a function runs. */
    public static final String DEFINITION_VARIABLE = "spring_cloud_function_definition";

    static FunctionDef of(String logicalId, Map<String, Object> p) {
        Map<String, EventDef> events = new LinkedHashMap<>();
        SamTemplate.map(p.get("Events")).forEach((name, e) -> {
            Map<String, Object> event = SamTemplate.map(e);
            events.put(name, new EventDef(name, String.valueOf(event.get("Type")), SamTemplate.map(event.get("Properties"))));
        });
        return new FunctionDef(logicalId, String.valueOf(p.get("Handler")), String.valueOf(p.get("Runtime")),
                p.get("CodeUri"), SamTemplate.integer(p.get("MemorySize"), 128), SamTemplate.integer(p.get("Timeout"), 3),
                SamTemplate.map(SamTemplate.map(p.get("Environment")).get("Variables")),
                SamTemplate.list(p.get("Policies")), events, p);
    }

    /** The {@code spring_cloud_function_definition} of this function, if it has one. */
    public String definition() {
        Object value = environment.get(DEFINITION_VARIABLE);
        return value == null ? null : String.valueOf(value);
    }

    public List<EventDef> eventsOfType(String type) {
        return events.values().stream().filter(e -> e.type().equals(type)).toList();
    }

    /** An event source: {@code HttpApi}, {@code SQS}, {@code Schedule}, {@code ScheduleV2}… */
    public record EventDef(String name, String type, Map<String, Object> properties) {
    }
}
