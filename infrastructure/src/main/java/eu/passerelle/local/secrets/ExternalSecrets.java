package eu.passerelle.local.secrets;

import eu.passerelle.local.template.Deployment;
import eu.passerelle.local.template.SecretDef;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

import java.util.ArrayList;
import java.util.List;

/**
 * The template's secrets created in another Secrets Manager (LocalStack, an account) when the
 * runtime does not serve them itself, generated as CloudFormation would; a secret already there is
 * kept. The functions then read them by the ARN that endpoint gave them.
 */
public final class ExternalSecrets {

    private ExternalSecrets() {
    }

    /** Creates what is missing; returns one line per secret for the log. */
    public static List<String> provision(Deployment deployment, SecretsManagerClient client) {
        List<String> lines = new ArrayList<>();
        for (SecretDef secret : deployment.template().secrets()) {
            String name = deployment.secretName(secret);
            String arn;
            try {
                String value = secret.secretString() != null ? deployment.intrinsics().resolveString(secret.secretString())
                        : LocalSecrets.generate(secret.generate());
                arn = client.createSecret(r -> r.name(name).secretString(value)).arn();
                lines.add("created secret " + name);
            } catch (ResourceExistsException exists) {
                arn = client.describeSecret(r -> r.secretId(name)).arn();
                lines.add("secret " + name + " exists");
            }
            deployment.useSecretArn(secret.logicalId(), arn);
        }
        return lines;
    }
}
