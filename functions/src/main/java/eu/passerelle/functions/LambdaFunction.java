package eu.passerelle.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import eu.passerelle.functions.http.ApiFunction;
import eu.passerelle.functions.http.Route;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;

import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Lambda function of the system: the bean its {@code spring_cloud_function_definition}
 * names, how it is triggered, the routes it serves and who may call each, the AWS resources it
 * touches (template logical ids: its IAM policies must grant exactly these), and how to warm it
 * before a SnapStart snapshot.
 *
 * <p>Each function is registered as a function of the raw event stream ({@link LambdaEvents}
 * says why): Spring Cloud Function's AWS adapter then hands it the bytes Lambda delivered, untouched.
 *
 * @param primer run once before the snapshot: exercises the hot path without touching the
 *               network (connections opened before a snapshot would be stale after restore)
 */
public record LambdaFunction(String name, Trigger trigger, Type type, Set<String> resources, List<Route> routes,
                             Supplier<Function<?, ?>> factory, Runnable primer) {

    public enum Trigger { HTTP, SQS, SCHEDULE }

    public LambdaFunction {
        Objects.requireNonNull(name);
        Objects.requireNonNull(trigger);
        Objects.requireNonNull(type);
        Objects.requireNonNull(factory);
        Objects.requireNonNull(primer);
        resources = Set.copyOf(resources);
        routes = List.copyOf(routes);
    }

    /** An SQS-triggered function; priming hands it an empty batch (no network). */
    public static LambdaFunction sqs(String name, Set<String> resources,
                                     Supplier<Function<SQSEvent, SQSBatchResponse>> factory) {
        Once<Function<SQSEvent, SQSBatchResponse>> function = new Once<>(factory);
        return new LambdaFunction(name, Trigger.SQS, FunctionTypeUtils.functionType(InputStream.class, SQSBatchResponse.class),
                resources, List.of(), () -> LambdaEvents.reading(SQSEvent.class, function.get()), () -> {
                    SQSEvent empty = new SQSEvent();
                    empty.setRecords(List.of());
                    function.get().apply(empty);
                });
    }

    /**
     * A scheduled function. Its event is the schedule's {@code Input} (a JSON object) and its
     * result a JSON summary; priming only builds it (every run touches the network).
     */
    public static LambdaFunction scheduled(String name, Set<String> resources,
                                           Supplier<Function<Map<String, Object>, Map<String, Object>>> factory) {
        Once<Function<Map<String, Object>, Map<String, Object>>> function = new Once<>(factory);
        return new LambdaFunction(name, Trigger.SCHEDULE, FunctionTypeUtils.functionType(InputStream.class,
                org.springframework.core.ResolvableType.forClassWithGenerics(Map.class, String.class, Object.class).getType()),
                resources, List.of(), () -> LambdaEvents.readingObject(function.get()), function::get);
    }

    /** An HTTP API function serving some routes; priming calls it with a representative request. */
    public static LambdaFunction http(String name, Set<String> resources, List<Route> routes, String rolesClaim,
                                      Supplier<APIGatewayV2HTTPEvent> primingEvent) {
        Once<ApiFunction> function = new Once<>(() -> new ApiFunction(name, routes, rolesClaim));
        return new LambdaFunction(name, Trigger.HTTP,
                FunctionTypeUtils.functionType(InputStream.class, APIGatewayV2HTTPResponse.class),
                resources, routes, () -> LambdaEvents.reading(APIGatewayV2HTTPEvent.class, function.get()), () -> function.get().apply(primingEvent.get()));
    }
}
