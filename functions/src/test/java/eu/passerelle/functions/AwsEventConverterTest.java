package eu.passerelle.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The recorded events of events/ read into their types; anything else left to the adapter's converter. */
class AwsEventConverterTest {

    final List<Class<?>> delegated = new ArrayList<>();
    final AwsEventConverter converter = new AwsEventConverter(new MessageConverter() {
        @Override
        public Object fromMessage(Message<?> message, Class<?> targetClass) {
            delegated.add(targetClass);
            return null;
        }

        @Override
        public Message<?> toMessage(Object payload, MessageHeaders headers) {
            return null;
        }
    });

    /** The repository's events/, from the module or the repository root. */
    static Path events() {
        return Files.isDirectory(Path.of("events")) ? Path.of("events") : Path.of("..", "events");
    }

    static byte[] event(String name) throws Exception {
        return Files.readAllBytes(events().resolve(name));
    }

    @Test
    void theRecordedSqsBatchIsReadTheSameOnEveryInvocation() throws Exception {
        byte[] batch = event("sqs/batch.json");
        SQSEvent first = (SQSEvent) converter.fromMessage(MessageBuilder.withPayload(batch).build(), SQSEvent.class);
        SQSEvent second = (SQSEvent) converter.fromMessage(MessageBuilder.withPayload(batch).build(), SQSEvent.class);
        assertThat(first.getRecords()).isNotEmpty();
        assertThat(first.getRecords().get(0).getMessageId()).isNotBlank();
        assertThat(first.getRecords().get(0).getAttributes()).containsKey("MessageGroupId");
        assertThat(second.getRecords()).extracting(SQSEvent.SQSMessage::getBody)
                .containsExactlyElementsOf(first.getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList());
        assertThat(delegated).isEmpty();
    }

    @Test
    void anHttpApiEventIsReadWithItsRouteAndBody() throws Exception {
        try (var files = Files.list(events().resolve("http"))) {
            Path any = files.filter(f -> f.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
            APIGatewayV2HTTPEvent e = (APIGatewayV2HTTPEvent) converter.fromMessage(
                    MessageBuilder.withPayload(Files.readString(any)).build(), APIGatewayV2HTTPEvent.class);
            assertThat(e.getRouteKey()).isNotBlank();
            assertThat(e.getRequestContext().getHttp().getMethod()).isNotBlank();
        }
    }

    @Test
    void otherTypesAndOtherContentTypesGoToTheAdaptersConverter() throws Exception {
        converter.fromMessage(MessageBuilder.withPayload("{}".getBytes()).build(), java.util.Map.class);
        converter.fromMessage(MessageBuilder.withPayload(event("sqs/batch.json"))
                .setHeader(MessageHeaders.CONTENT_TYPE, "text/plain").build(), SQSEvent.class);
        assertThat(delegated).containsExactly(java.util.Map.class, SQSEvent.class);
    }
}
