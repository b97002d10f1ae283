package eu.passerelle.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The recorded events of events/ read from their raw bytes into their types, as every function reads its event. */
class LambdaEventsTest {

    /** The repository's events/, from the module or the repository root. */
    static Path events() {
        return Files.isDirectory(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
    }

    static ByteArrayInputStream event(String name) throws Exception {
        return new ByteArrayInputStream(Files.readAllBytes(events().resolve(name)));
    }

    @Test
    void theRecordedSqsBatchIsReadTheSameOnEveryInvocation() throws Exception {
        SQSEvent first = LambdaEvents.read(event("sqs/batch.json"), SQSEvent.class);
        SQSEvent second = LambdaEvents.read(event("sqs/batch.json"), SQSEvent.class);
        assertThat(first.getRecords()).isNotEmpty();
        assertThat(first.getRecords().get(0).getMessageId()).isNotBlank();
        assertThat(first.getRecords().get(0).getAttributes()).containsKey("MessageGroupId");
        assertThat(second.getRecords()).extracting(SQSEvent.SQSMessage::getBody)
                .containsExactlyElementsOf(first.getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList());
    }

    @Test
    void anHttpApiEventIsReadWithItsRouteAndBodyAsText() throws Exception {
        APIGatewayV2HTTPEvent e = LambdaEvents.read(event("http/lookup-postal-code-75018.json"), APIGatewayV2HTTPEvent.class);
        assertThat(e.getRouteKey()).isEqualTo("GET /api/postal-codes/{code}");
        assertThat(e.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        String withArrayBody = "{\"version\":\"2.0\",\"routeKey\":\"POST /x\",\"body\":\"[{\\\"routeKey\\\":\\\"GET /y\\\"}]\"}";
        APIGatewayV2HTTPEvent read = LambdaEvents.read(new ByteArrayInputStream(withArrayBody.getBytes(StandardCharsets.UTF_8)),
                APIGatewayV2HTTPEvent.class);
        assertThat(read.getRouteKey()).isEqualTo("POST /x");
        assertThat(read.getBody()).isEqualTo("[{\"routeKey\":\"GET /y\"}]");
    }

    @Test
    void aScheduledInputIsAnObjectAndAnEmptyOneIsNull() {
        assertThat(LambdaEvents.readObject(new ByteArrayInputStream("{\"time\":\"2026-11-23T05:00:00Z\"}".getBytes())))
                .containsEntry("time", "2026-11-23T05:00:00Z");
        assertThat(LambdaEvents.readObject(new ByteArrayInputStream(new byte[0]))).isNull();
    }
}
