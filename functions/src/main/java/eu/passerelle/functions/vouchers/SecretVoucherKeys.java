package eu.passerelle.functions.vouchers;

import com.fasterxml.jackson.databind.JsonNode;
import eu.passerelle.functions.http.Json;
import eu.passerelle.vouchers.VoucherKeys;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the voucher keyring from its secret: {@code {"current": "k2", "k1": "<seed>", "k2": "<seed>"}}.
 * Rotation adds a key and points {@code current} at it; old keys stay until every voucher they
 * signed has expired.
 */
public final class SecretVoucherKeys {

    public static final String SECRET_SETTING = "VOUCHER_KEYS_SECRET";

    private SecretVoucherKeys() {
    }

    public static VoucherKeys load(SecretsManagerClient secrets, String secretId) {
        String value = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
        return parse(value);
    }

    static VoucherKeys parse(String secret) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(secret);
        } catch (Exception e) {
            throw new IllegalStateException("The voucher keys secret is not JSON");
        }
        Map<Integer, String> seeds = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().matches("k\\d{1,2}")) {
                seeds.put(Integer.parseInt(f.getKey().substring(1)), f.getValue().asText());
            }
        }
        String current = json.path("current").asText("");
        if (!current.matches("k\\d{1,2}")) {
            throw new IllegalStateException("The voucher keys secret names no current key");
        }
        return VoucherKeys.fromSeeds(seeds, Integer.parseInt(current.substring(1)));
    }
}
