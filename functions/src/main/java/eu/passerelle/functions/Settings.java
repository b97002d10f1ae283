package eu.passerelle.functions;

import java.util.Optional;

/**
 * The function's configuration: environment variables on Lambda (the template sets them), the
 * same names as system properties in the local runtime. Read through Spring's environment,
 * which sees both.
 */
@FunctionalInterface
public interface Settings {

    String get(String name);

    default Optional<String> optional(String name) {
        String value = get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    default String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("Missing setting " + name
                + ": template.yaml must set it in the function's environment"));
    }

    /** Environment variables, then system properties. */
    static Settings fromEnvironment() {
        return name -> {
            String env = System.getenv(name);
            return env != null ? env : System.getProperty(name);
        };
    }
}
