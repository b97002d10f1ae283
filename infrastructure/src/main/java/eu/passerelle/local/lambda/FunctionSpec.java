package eu.passerelle.local.lambda;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the local Lambda needs to run a function, resolved from the template.
 *
 * @param startupProperties system properties set only while the container starts (the Spring
 *                          Cloud Function definition, which differs per function)
 */
public record FunctionSpec(String logicalId, String functionName, String functionArn, String handler, Path codePath,
                           int memorySize, int timeoutSeconds, String logGroup, Map<String, String> startupProperties) {
}
