package eu.passerelle.functions;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every function takes the event Lambda delivered as its raw stream and reads it here, itself.
 *
 * <p>Why not let Spring Cloud Function convert it: for any other input type, the AWS adapter's
 * {@code AWSLambdaUtils.generateMessage} copies the request's HTTP headers into the message
 * headers and, when an API Gateway body is a JSON array, sets it as the {@code payload} header;
 * the function registry then takes that header (or a header a client named {@code payload}) for
 * the input and calls the function once per element, converting each to the event type. A body
 * {@code [<an API Gateway event>]} thus became the event: its route, path and authorizer claims
 * obeyed. With an {@link InputStream} input the adapter passes the stream through untouched
 * (no parsing, no header copied), and the registry neither unwraps nor converts it: the event
 * the function reads is the one API Gateway (or SQS, or the scheduler) built, and a body stays data.
 *
 * <p>API Gateway and SQS events are read with the AWS serialisers (the adapter's own), each
 * type's reader built once: the adapter 4.3 builds one per invocation, a fifth of the redemption
 * consumer's CPU (benchmarks/README.md).
 */
final class LambdaEvents {

    private static final Map<Class<?>, PojoSerializer<?>> READERS = new ConcurrentHashMap<>();
    /** The scheduler's input: a JSON object written in template.yaml. */
    private static final ObjectMapper SCHEDULE_INPUT = new ObjectMapper();

    private LambdaEvents() {
    }

    /** A function of the raw event stream that reads it as an aws-lambda-java-events {@code type}, then applies {@code function}. */
    static <E, R> Function<InputStream, R> reading(Class<E> type, Function<E, R> function) {
        return in -> function.apply(read(in, type));
    }

    /** A function of the raw event stream that reads it as a JSON object (null when empty), then applies {@code function}. */
    static <R> Function<InputStream, R> readingObject(Function<Map<String, Object>, R> function) {
        return in -> function.apply(readObject(in));
    }

    @SuppressWarnings("unchecked")
    static <E> E read(InputStream in, Class<E> type) {
        PojoSerializer<E> reader = (PojoSerializer<E>) READERS.computeIfAbsent(type,
                t -> LambdaEventSerializers.serializerFor(t, LambdaEvents.class.getClassLoader()));
        return reader.fromJson(in);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(InputStream in) {
        try {
            byte[] bytes = in.readAllBytes();
            if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                return null;
            }
            return SCHEDULE_INPUT.readValue(new ByteArrayInputStream(bytes), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable scheduled event", e);
        }
    }
}
