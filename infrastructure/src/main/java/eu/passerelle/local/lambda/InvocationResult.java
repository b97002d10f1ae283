package eu.passerelle.local.lambda;

import java.nio.charset.StandardCharsets;

/**
 * What an invocation gave: the handler's output, or the error Lambda would report
 * ({@code errorType}, {@code errorMessage}) when it threw or timed out.
 */
public record InvocationResult(byte[] payload, String errorType, String errorMessage, long durationMillis) {

    public static InvocationResult success(byte[] payload, long durationMillis) {
        return new InvocationResult(payload, null, null, durationMillis);
    }

    public static InvocationResult failure(String errorType, String errorMessage, long durationMillis) {
        return new InvocationResult(null, errorType, errorMessage, durationMillis);
    }

    public boolean failed() {
        return errorType != null;
    }

    public String payloadText() {
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }
}
