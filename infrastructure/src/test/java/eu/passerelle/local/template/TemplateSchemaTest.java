package eu.passerelle.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import eu.passerelle.local.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * template.yaml against the SAM JSON Schema (draft-04) of aws/serverless-application-model,
 * with short-form intrinsics read as their long forms. The schema is kept in the repository
 * (minified) so that a fresh clone validates without ../shared.
 */
class TemplateSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema samSchema() throws Exception {
        try (InputStream in = TemplateSchemaTest.class.getResourceAsStream("/schemas/sam.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    private static Set<ValidationMessage> validate(Path template) throws Exception {
        JsonNode tree = JSON.valueToTree(CloudFormationYaml.read(template));
        return samSchema().validate(tree);
    }

    @Test
    void theTemplateValidatesAgainstTheSamSchema() throws Exception {
        assertThat(validate(Fixtures.repositoryTemplate())).isEmpty();
    }

    @Test
    void theRuntimeFixtureTemplateValidatesToo() throws Exception {
        assertThat(validate(Fixtures.fixtureTemplate())).isEmpty();
    }

    @Test
    void theSchemaCatchesAnInvalidFunction() throws Exception {
        Path broken = Files.createTempFile("broken", ".yaml");
        Files.writeString(broken, """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      Handlr: misspelt::handleRequest
                """);
        assertThat(validate(broken)).isNotEmpty();
    }

    @Test
    void theCommittedSchemaIsTheSharedOne() throws Exception {
        Path shared = Fixtures.repository().resolve("../shared/schemas/sam.schema.json").normalize();
        assumeTrue(Files.exists(shared), "no ../shared checkout beside the repository");
        try (InputStream committed = TemplateSchemaTest.class.getResourceAsStream("/schemas/sam.schema.json")) {
            assertThat(JSON.readTree(committed)).isEqualTo(JSON.readTree(shared.toFile()));
        }
    }
}
