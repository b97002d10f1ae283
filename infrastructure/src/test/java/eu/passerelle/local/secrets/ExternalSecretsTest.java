package eu.passerelle.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.template.Deployment;
import eu.passerelle.local.template.SamTemplate;
import eu.passerelle.local.template.SecretDef;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pointed at another Secrets Manager, the runtime creates the template's secrets there (the voucher
 * keys, generated as CloudFormation would), keeps one that exists, and resolves {@code !Ref} to the
 * ARN that endpoint gave. A small Secrets Manager stands in for LocalStack.
 */
class ExternalSecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void templateSecretsAreCreatedOnceAndReferencedByTheirRealArn() throws Exception {
        Map<String, String> stored = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean create = target.endsWith("CreateSecret");
            String name = body.path(create ? "Name" : "SecretId").asText();
            String response;
            int status = 200;
            if (create && stored.putIfAbsent(name, body.path("SecretString").asText()) != null) {
                status = 400;
                response = "{\"__type\":\"ResourceExistsException\",\"message\":\"exists\"}";
            } else {
                response = "{\"ARN\":\"arn:aws:secretsmanager:eu-west-3:000000000000:secret:" + name + "-AbCdEf\",\"Name\":\"" + name + "\"}";
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            Deployment deployment = deployment();
            SecretDef keys = deployment.template().secrets().stream()
                    .filter(s -> s.logicalId().equals("VoucherKeysSecret")).findFirst().orElseThrow();
            String name = deployment.secretName(keys);

            List<String> lines = ExternalSecrets.provision(deployment, client);
            assertThat(lines).contains("created secret " + name);
            JsonNode value = JSON.readTree(stored.get(name));
            assertThat(value.path("current").asText()).isEqualTo("k1");
            assertThat(value.path("k1").asText()).hasSize(64).matches("[A-Za-z0-9]+");
            assertThat(deployment.secretArn(keys)).endsWith(":secret:" + name + "-AbCdEf");

            String first = stored.get(name);
            Deployment again = deployment();
            assertThat(ExternalSecrets.provision(again, client)).contains("secret " + name + " exists");
            assertThat(stored.get(name)).as("an existing secret is kept").isEqualTo(first);
            assertThat(again.secretArn(keys)).endsWith("-AbCdEf");
        } finally {
            server.stop(0);
        }
    }

    private static Deployment deployment() {
        return new Deployment(SamTemplate.load(Fixtures.repositoryTemplate()), "passerelle-local", "eu-west-3", "000000000000",
                Map.of(), URI.create("http://127.0.0.1:1"));
    }
}
