package eu.passerelle.functions.aws;

import eu.passerelle.functions.Once;
import eu.passerelle.functions.Settings;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;

/**
 * The SDK clients of the functions, built once per container with what starts fastest on Lambda:
 * the JDK HTTP client, credentials from the environment (Lambda) or system properties (local
 * runtime), the region from {@code AWS_REGION}, and an endpoint override when
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL} is set (LocalStack, emulators).
 */
public final class AwsClients {

    private final Settings settings;
    private final Once<DynamoDbClient> dynamoDb;
    private final Once<SecretsManagerClient> secrets;
    private final Once<SqsClient> sqs;
    private final Once<CognitoIdentityProviderClient> cognito;

    public AwsClients(Settings settings) {
        this.settings = settings;
        this.dynamoDb = new Once<>(() -> configure(DynamoDbClient.builder(), "DYNAMODB").build());
        this.secrets = new Once<>(() -> configure(SecretsManagerClient.builder(), "SECRETSMANAGER").build());
        this.sqs = new Once<>(() -> configure(SqsClient.builder(), "SQS").build());
        this.cognito = new Once<>(() -> configure(CognitoIdentityProviderClient.builder(), "COGNITO_IDENTITY_PROVIDER").build());
    }

    public CognitoIdentityProviderClient cognito() {
        return cognito.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public SecretsManagerClient secrets() {
        return secrets.get();
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(region())
                .credentialsProvider(AwsCredentialsProviderChain.of(
                        EnvironmentVariableCredentialsProvider.create(), SystemPropertyCredentialsProvider.create()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)));
        endpoint(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    Region region() {
        return Region.of(settings.optional("AWS_REGION").or(() -> settings.optional("aws.region")).orElse("eu-west-3"));
    }

    java.util.Optional<URI> endpoint(String service) {
        return settings.optional("AWS_ENDPOINT_URL_" + service).or(() -> settings.optional("AWS_ENDPOINT_URL")).map(URI::create);
    }
}
