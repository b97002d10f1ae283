package eu.passerelle.local;

import java.net.URI;
import java.util.Map;

/**
 * Which services live outside this runtime, read as the AWS SDKs read them: the service's own
 * variable ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS},
 * {@code AWS_ENDPOINT_URL_SECRETSMANAGER}) first, then {@code AWS_ENDPOINT_URL}. A null endpoint
 * means the runtime serves that service itself (the engine, ElasticMQ, its local secrets). Cognito
 * user pools stay local unless {@code AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER} itself is set:
 * the runtime cannot create the template's user pools elsewhere.
 */
public record ServiceEndpoints(URI dynamoDb, URI sqs, URI secretsManager, URI cognito) {

    /**
     * @param general     {@code AWS_ENDPOINT_URL} (or the runtime option standing for it), may be null
     * @param environment the process environment
     */
    public static ServiceEndpoints resolve(URI general, Map<String, String> environment) {
        return new ServiceEndpoints(
                endpoint(environment, "AWS_ENDPOINT_URL_DYNAMODB", general),
                endpoint(environment, "AWS_ENDPOINT_URL_SQS", general),
                endpoint(environment, "AWS_ENDPOINT_URL_SECRETSMANAGER", general),
                endpoint(environment, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", null));
    }

    private static URI endpoint(Map<String, String> environment, String variable, URI fallback) {
        String value = environment.get(variable);
        return value == null || value.isBlank() ? fallback : URI.create(value.trim());
    }

    /** Whether every service is the runtime's own. */
    public boolean allLocal() {
        return dynamoDb == null && sqs == null && secretsManager == null && cognito == null;
    }
}
