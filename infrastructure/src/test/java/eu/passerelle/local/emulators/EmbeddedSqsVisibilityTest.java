package eu.passerelle.local.emulators;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer's heartbeat (ChangeMessageVisibility) on the local SQS, as on SQS: the message
 * comes back when the last visibility it was given runs out, also after the queue's host
 * restarted on its data (a killed run resumes within its heartbeat, not the queue's 16 minutes).
 */
class EmbeddedSqsVisibilityTest {

    private static SqsClient client(EmbeddedSqs sqs) {
        return SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void aShortenedVisibilityHoldsAcrossARestartOfTheQueuesHost(@TempDir Path data) throws Exception {
        String url;
        try (EmbeddedSqs first = EmbeddedSqs.start(data, "eu-west-3", "000000000000"); SqsClient sqs = client(first)) {
            url = sqs.createQueue(r -> r.queueName("runs").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "960")))
                    .queueUrl();
            sqs.sendMessage(r -> r.queueUrl(url).messageBody("run"));
            Message m = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages().get(0);
            sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(2));
        }
        try (EmbeddedSqs second = EmbeddedSqs.start(data, "eu-west-3", "000000000000"); SqsClient sqs = client(second)) {
            // The runtime creates the template's queues at each start; the host restores their messages.
            String again = sqs.createQueue(r -> r.queueName("runs")
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "960"))).queueUrl();
            Thread.sleep(3000);
            List<Message> back = sqs.receiveMessage(r -> r.queueUrl(again).waitTimeSeconds(2)).messages();
            assertThat(back).extracting(Message::body).containsExactly("run");
        }
    }
}
