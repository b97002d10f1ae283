package eu.passerelle.local.template;

import java.util.Map;

/**
 * An {@code AWS::SecretsManager::Secret}: a fixed {@code SecretString}, or one generated from
 * {@code GenerateSecretString} (a JSON template with one generated key, or a bare password).
 */
public record SecretDef(String logicalId, Object name, Object secretString, Map<String, Object> generate) {

    static SecretDef of(String logicalId, Map<String, Object> p) {
        return new SecretDef(logicalId, p.get("Name"), p.get("SecretString"), SamTemplate.map(p.get("GenerateSecretString")));
    }
}
