package eu.passerelle.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.local.gateway.ApiEvents;
import eu.passerelle.local.gateway.ApiRequest;
import eu.passerelle.local.gateway.LocalEndpoint;
import eu.passerelle.local.template.Deployment;
import eu.passerelle.local.template.SecretDef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's Secrets Manager secrets, generated locally as CloudFormation would
 * ({@code GenerateSecretString}) and kept under the data folder, served to the functions'
 * SDK clients over Secrets Manager's own JSON protocol ({@code GetSecretValue}): the functions
 * read secrets locally with the code they run in AWS.
 */
public final class LocalSecrets implements LocalEndpoint {

    public static final String PATH = "/_aws/secretsmanager";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final Map<String, String> valuesByIdentifier = new LinkedHashMap<>();
    private final Map<String, String[]> namesByIdentifier = new LinkedHashMap<>();

    public LocalSecrets(Deployment deployment, Path directory) {
        for (SecretDef secret : deployment.template().secrets()) {
            String name = deployment.secretName(secret);
            String arn = deployment.secretArn(secret);
            String value = load(secret, deployment, directory == null ? null : directory.resolve(name + ".secret"));
            for (String id : List.of(name, arn)) {
                valuesByIdentifier.put(id, value);
                namesByIdentifier.put(id, new String[] {name, arn});
            }
        }
    }

    public int size() {
        return valuesByIdentifier.size() / 2;
    }

    private static String load(SecretDef secret, Deployment deployment, Path file) {
        try {
            if (file != null && Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            String value = secret.secretString() != null ? deployment.intrinsics().resolveString(secret.secretString())
                    : generate(secret.generate());
            if (file != null) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, value, StandardCharsets.UTF_8);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GenerateSecretString}: a random password, possibly put under a key of a JSON template. */
    static String generate(Map<String, Object> spec) {
        int length = Integer.parseInt(String.valueOf(spec.getOrDefault("PasswordLength", 32)));
        StringBuilder alphabet = new StringBuilder();
        if (!Boolean.parseBoolean(String.valueOf(spec.getOrDefault("ExcludeUppercase", false)))) {
            alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        }
        if (!Boolean.parseBoolean(String.valueOf(spec.getOrDefault("ExcludeLowercase", false)))) {
            alphabet.append("abcdefghijklmnopqrstuvwxyz");
        }
        if (!Boolean.parseBoolean(String.valueOf(spec.getOrDefault("ExcludeNumbers", false)))) {
            alphabet.append("0123456789");
        }
        if (!Boolean.parseBoolean(String.valueOf(spec.getOrDefault("ExcludePunctuation", false)))) {
            alphabet.append(PUNCTUATION);
        }
        String excluded = String.valueOf(spec.getOrDefault("ExcludeCharacters", ""));
        String chars = alphabet.chars().filter(c -> excluded.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < length; i++) {
            password.append(chars.charAt(random.nextInt(chars.length())));
        }
        Object template = spec.get("SecretStringTemplate");
        Object key = spec.get("GenerateStringKey");
        if (template == null || key == null) {
            return password.toString();
        }
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(String.valueOf(template));
            json.put(String.valueOf(key), password.toString());
            return json.toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("SecretStringTemplate is not JSON", e);
        }
    }

    @Override
    public ApiEvents.ApiResponse handle(ApiRequest request) {
        String target = request.header("x-amz-target");
        if (!"POST".equals(request.method()) || target == null) {
            return error(400, "InvalidRequestException", "Secrets Manager JSON protocol expected");
        }
        if (!target.equals("secretsmanager.GetSecretValue")) {
            return error(400, "InvalidRequestException", target + " is not served locally");
        }
        String id;
        try {
            JsonNode body = JSON.readTree(request.body());
            id = body.path("SecretId").asText("");
        } catch (IOException e) {
            return error(400, "InvalidRequestException", "Malformed request");
        }
        String value = valuesByIdentifier.get(id);
        if (value == null) {
            return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("ARN", namesByIdentifier.get(id)[1]);
        response.put("Name", namesByIdentifier.get(id)[0]);
        response.put("SecretString", value);
        response.put("VersionId", "local-version-1");
        response.putArray("VersionStages").add("AWSCURRENT");
        response.put("CreatedDate", 1.7e9);
        return new ApiEvents.ApiResponse(200, Map.of("content-type", List.of("application/x-amz-json-1.1")),
                response.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ApiEvents.ApiResponse error(int status, String type, String message) {
        String body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
        return new ApiEvents.ApiResponse(status, Map.of("content-type", List.of("application/x-amz-json-1.1")),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
