package eu.passerelle.local.sqs;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lambda's documented reading of an SQSBatchResponse. */
class BatchItemFailuresTest {

    private static final List<Message> BATCH = List.of(
            Message.builder().messageId("a").build(),
            Message.builder().messageId("b").build(),
            Message.builder().messageId("c").build());

    private static List<String> failed(String response) {
        return SqsEventSource.failedItems(response == null ? null : response.getBytes(StandardCharsets.UTF_8), BATCH)
                .stream().sorted().toList();
    }

    @Test
    void noResponseOrAnEmptyListMeansEverythingSucceeded() {
        assertThat(failed(null)).isEmpty();
        assertThat(failed("null")).isEmpty();
        assertThat(failed("{}")).isEmpty();
        assertThat(failed("{\"batchItemFailures\":[]}")).isEmpty();
        assertThat(failed("{\"batchItemFailures\":null}")).isEmpty();
    }

    @Test
    void listedItemsAloneAreRetried() {
        assertThat(failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}")).containsExactly("b");
    }

    @Test
    void anEmptyOrUnknownIdentifierFailsTheWholeBatch() {
        assertThat(failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}")).containsExactly("a", "b", "c");
        assertThat(failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"zzz\"}]}")).containsExactly("a", "b", "c");
        assertThat(failed("{\"batchItemFailures\":[{}]}")).containsExactly("a", "b", "c");
    }

    @Test
    void anUnreadableResponseFailsTheWholeBatch() {
        assertThat(failed("not json")).containsExactly("a", "b", "c");
        assertThat(failed("{\"batchItemFailures\":\"b\"}")).containsExactly("a", "b", "c");
    }
}
