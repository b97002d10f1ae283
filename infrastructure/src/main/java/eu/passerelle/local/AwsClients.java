package eu.passerelle.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;

/** SDK clients of the runtime itself (provisioning, SQS polling), pointed at the chosen endpoints. */
public record AwsClients(DynamoDbClient dynamoDb, SqsClient sqs) implements AutoCloseable {

    /** Emulators accept any key; a real endpoint gets the default credential chain. */
    static AwsCredentialsProvider credentials(boolean emulated) {
        return emulated || noCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }

    /** No AWS credentials in the environment: whatever endpoint is used is an emulator. */
    static boolean noCredentials() {
        return System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null;
    }

    static SecretsManagerClient secretsManager(URI endpoint, String region, boolean emulated) {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials(emulated))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30))).build();
    }

    static AwsClients create(URI dynamoDbEndpoint, URI sqsEndpoint, String region, boolean emulated) {
        AwsCredentialsProvider credentials = credentials(emulated);
        var http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30));
        DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint)
                .region(Region.of(region)).credentialsProvider(credentials).httpClientBuilder(http).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(sqsEndpoint)
                .region(Region.of(region)).credentialsProvider(credentials).httpClientBuilder(http).build();
        return new AwsClients(dynamoDb, sqs);
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
    }
}
