package eu.passerelle.local.gateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the gateway, before it becomes a Lambda event.
 *
 * @param headers header names in lower case, each with its values in arrival order
 */
public record ApiRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                         byte[] body, String sourceIp, String protocol) {

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }
}
