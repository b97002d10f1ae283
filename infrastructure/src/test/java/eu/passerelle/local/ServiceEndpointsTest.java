package eu.passerelle.local;

import eu.passerelle.dynamodb.DynamoDbEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's endpoint variables, per service then general, and a runtime with DynamoDB elsewhere. */
class ServiceEndpointsTest {

    @Test
    void aServiceVariableWinsOverTheGeneralOne() {
        URI general = URI.create("http://localstack:4566");
        ServiceEndpoints endpoints = ServiceEndpoints.resolve(general, Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"));
        assertThat(endpoints.dynamoDb()).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(endpoints.sqs()).isEqualTo(general);
        assertThat(endpoints.secretsManager()).isEqualTo(general);
        assertThat(endpoints.cognito()).as("user pools stay local unless named").isNull();
        assertThat(endpoints.allLocal()).isFalse();
    }

    @Test
    void nothingSetMeansEverythingLocal() {
        ServiceEndpoints endpoints = ServiceEndpoints.resolve(null, Map.of("AWS_ENDPOINT_URL_SQS", " "));
        assertThat(endpoints.allLocal()).isTrue();
        ServiceEndpoints sqsOnly = ServiceEndpoints.resolve(null, Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324"));
        assertThat(sqsOnly.dynamoDb()).isNull();
        assertThat(sqsOnly.sqs()).isEqualTo(URI.create("http://127.0.0.1:9324"));
    }

    @Test
    void withDynamoDbElsewhereTheRuntimeCreatesTheTemplateTablesThereAndKeepsSqsEmbedded(@TempDir Path temp) {
        try (DynamoDbEngine external = DynamoDbEngine.builder().inMemory().start();
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(external.endpoint()).region(Region.EU_WEST_3)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            LocalRuntime.Options options = new LocalRuntime.Options(Fixtures.fixtureTemplate(), Fixtures.fixtureTemplate().getParent(), 0,
                    null, null, "eu-west-3", false, 2, false, Map.of("SinkFile", temp.resolve("sink.txt").toString()),
                    Clock.systemUTC(), line -> { }, false);
            try (LocalRuntime runtime = LocalRuntime.start(options, Map.of("AWS_ENDPOINT_URL_DYNAMODB", external.endpoint().toString()))) {
                String table = runtime.deployment().tableName(runtime.deployment().template().tables().get(0));
                assertThat(client.listTables().tableNames()).contains(table);
                runtime.clients().dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("b"))));
                assertThat(client.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("b")))).hasItem()).isTrue();
                String queue = runtime.deployment().queueUrl(runtime.deployment().template().queues().get(0));
                runtime.clients().sqs().sendMessage(r -> r.queueUrl(queue).messageBody("embedded"));
            }
        }
    }
}
