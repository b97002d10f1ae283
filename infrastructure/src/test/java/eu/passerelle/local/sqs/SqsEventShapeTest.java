package eu.passerelle.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.local.EventShapes;
import eu.passerelle.local.Fixtures;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQSEvent the runtime builds has the shape of the recorded one in events/sqs/. */
class SqsEventShapeTest {

    @Test
    void generatedBatchesMatchTheRecordedEvent() throws Exception {
        SqsEventSource source = new SqsEventSource(new SqsEventSource.Mapping("m", "url", "arn:aws:sqs:eu-west-3:0:q.fifo",
                10, 0, true, 1, "eu-west-3"), null, null, line -> { });
        Message message = Message.builder().messageId("id-1").receiptHandle("rh").body("{}").md5OfBody("md5")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1",
                        MessageSystemAttributeName.SENDER_ID, "s",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1",
                        MessageSystemAttributeName.MESSAGE_GROUP_ID, "g",
                        MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "d",
                        MessageSystemAttributeName.SEQUENCE_NUMBER, "1"))
                .build();
        ObjectMapper json = new ObjectMapper();
        JsonNode generated = source.event(List.of(message));
        JsonNode recorded = json.readTree(Fixtures.repository().resolve("events/sqs/batch.json").toFile());
        assertThat(EventShapes.keys(generated)).isEqualTo(EventShapes.keys(recorded));
        assertThat(generated.path("Records").get(0).path("attributes").path("MessageGroupId").asText()).isEqualTo("g");
    }
}
