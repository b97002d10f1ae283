package eu.passerelle.functions;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.util.MimeType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads API Gateway and SQS events into their aws-lambda-java-events types as the adapter's
 * converter does (the same {@link LambdaEventSerializers}), but builds each type's reader once:
 * the adapter's converter (4.3) builds a new one, Jackson deserializers and all, for every
 * invocation, a fifth of the redemption consumer's CPU (benchmarks/README.md). Everything else
 * goes to the adapter's converter.
 */
final class AwsEventConverter implements SmartMessageConverter {

    private static final String EVENTS_PACKAGE = "com.amazonaws.services.lambda.runtime.events";

    private final MessageConverter adapters;
    private final Map<Class<?>, PojoSerializer<?>> readers = new ConcurrentHashMap<>();

    AwsEventConverter(MessageConverter adapters) {
        this.adapters = adapters;
    }

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass) {
        return fromMessage(message, targetClass, null);
    }

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass, Object conversionHint) {
        Object payload = message.getPayload();
        if (isEvent(targetClass) && (payload instanceof byte[] || payload instanceof String) && isJson(message.getHeaders())) {
            byte[] bytes = payload instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) payload;
            return readers.computeIfAbsent(targetClass,
                            type -> LambdaEventSerializers.serializerFor(type, Thread.currentThread().getContextClassLoader()))
                    .fromJson(new ByteArrayInputStream(bytes));
        }
        return adapters instanceof SmartMessageConverter smart ? smart.fromMessage(message, targetClass, conversionHint)
                : adapters.fromMessage(message, targetClass);
    }

    private static boolean isEvent(Class<?> type) {
        return type.getPackage() != null && type.getPackage().getName().startsWith(EVENTS_PACKAGE);
    }

    /** As the adapter's converter: no content type, or a JSON one. */
    private static boolean isJson(MessageHeaders headers) {
        Object contentType = headers.get(MessageHeaders.CONTENT_TYPE);
        if (contentType == null) {
            return true;
        }
        try {
            MimeType type = contentType instanceof MimeType m ? m : MimeType.valueOf(contentType.toString());
            return type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers) {
        return adapters.toMessage(payload, headers);
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers, Object conversionHint) {
        return adapters instanceof SmartMessageConverter smart ? smart.toMessage(payload, headers, conversionHint)
                : adapters.toMessage(payload, headers);
    }
}
