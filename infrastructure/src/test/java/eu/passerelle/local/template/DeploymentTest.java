package eu.passerelle.local.template;

import eu.passerelle.local.Fixtures;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a SAM template and resolving its intrinsics as a local deployment names things. */
class DeploymentTest {

    private static Deployment deploy(Path template, Map<String, String> parameters) {
        return new Deployment(SamTemplate.load(template), "stack", "eu-west-3", "123456789012", parameters,
                URI.create("http://127.0.0.1:9324"));
    }

    private static Path write(String yaml) throws Exception {
        Path file = Files.createTempFile("template", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void shortFormIntrinsicsAreReadAsTheirLongForms() throws Exception {
        Map<String, Object> tree = CloudFormationYaml.read(write("""
                Resources:
                  R:
                    Type: X
                    Properties:
                      A: !Ref Thing
                      B: !GetAtt Queue.Arn
                      C: !Sub "${AWS::Region}-x"
                      D: !Join [",", [a, !Ref Thing]]
                      E: !If [IsProd, 1, 2]
                """));
        Map<?, ?> p = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) tree.get("Resources")).get("R")).get("Properties");
        assertThat(p.get("A")).isEqualTo(Map.of("Ref", "Thing"));
        assertThat(p.get("B")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "Arn")));
        assertThat(p.get("C")).isEqualTo(Map.of("Fn::Sub", "${AWS::Region}-x"));
        assertThat(p.get("D")).isEqualTo(Map.of("Fn::Join", List.of(",", List.of("a", Map.of("Ref", "Thing")))));
        assertThat(p.get("E")).isEqualTo(Map.of("Fn::If", List.of("IsProd", 1, 2)));
    }

    @Test
    void globalsMergeAsSamMergesThem() {
        Map<String, Object> merged = SamTemplate.mergeGlobals(
                Map.of("Timeout", 15, "Environment", Map.of("Variables", Map.of("A", "1", "B", "2")), "Layers", List.of("l1")),
                Map.of("Timeout", 30, "Environment", Map.of("Variables", Map.of("B", "3")), "Layers", List.of("l2")));
        assertThat(merged.get("Timeout")).isEqualTo(30);
        assertThat(merged.get("Environment")).isEqualTo(Map.of("Variables", Map.of("A", "1", "B", "3")));
        assertThat(merged.get("Layers")).isEqualTo(List.of("l1", "l2"));
    }

    @Test
    void resourcesAreNamedLikeCloudFormationAndIntrinsicsResolve() {
        Deployment d = deploy(Fixtures.fixtureTemplate(), Map.of("SinkFile", "/tmp/s"));
        QueueDef work = d.template().queues().stream().filter(q -> q.logicalId().equals("WorkQueue")).findFirst().orElseThrow();
        QueueDef ordered = d.template().queues().stream().filter(q -> q.logicalId().equals("OrderedQueue")).findFirst().orElseThrow();
        assertThat(d.queueName(work)).isEqualTo("stack-WorkQueue");
        assertThat(d.queueName(ordered)).isEqualTo("stack-OrderedQueue.fifo");
        assertThat(d.queueUrl(work)).isEqualTo("http://127.0.0.1:9324/123456789012/stack-WorkQueue");
        assertThat(d.deadLetterQueue(work).map(QueueDef::logicalId)).contains("WorkDeadLetterQueue");
        assertThat(work.maxReceiveCount()).isEqualTo(3);
        assertThat(d.tableName(d.template().tables().get(0))).isEqualTo("stack-FixtureTable");

        FunctionDef consumer = d.template().function("WorkConsumerFunction").orElseThrow();
        assertThat(d.environment(consumer)).containsEntry("FIXTURE_SINK", "/tmp/s");
        assertThat(consumer.timeoutSeconds()).as("its own Timeout over the Globals'").isEqualTo(2);
        assertThat(d.template().function("EchoFunction").orElseThrow().timeoutSeconds()).as("Globals").isEqualTo(5);
        assertThat(d.queueOfEvent(consumer.events().get("Work")).logicalId()).isEqualTo("WorkQueue");

        assertThat(d.intrinsics().resolve(Map.of("Fn::Sub", "arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${WorkQueue.QueueName}/${!Literal}")))
                .isEqualTo("arn:aws:x:eu-west-3:123456789012:stack-WorkQueue/${Literal}");
        assertThat(d.intrinsics().resolve(Map.of("Fn::Select", List.of(1, Map.of("Fn::Split", List.of("-", "a-b-c"))))))
                .isEqualTo("b");
    }

    @Test
    void tablesAreReadWithKeysIndexesAndTimeToLive() {
        TableDef table = SamTemplate.load(Fixtures.fixtureTemplate()).tables().get(0);
        assertThat(table.key()).isEqualTo(new TableDef.KeySchema("pk", "sk"));
        assertThat(table.globalIndexes()).containsExactly(
                new TableDef.Index("byGsi1", new TableDef.KeySchema("gsi1pk", "sk"), "ALL", List.of()));
        assertThat(table.timeToLiveAttribute()).isEqualTo("expiresAt");
        assertThat(table.attributeTypes()).containsEntry("gsi1pk", "S");
    }
}
