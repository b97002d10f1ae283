package eu.passerelle.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import eu.passerelle.functions.http.ApiFunction;
import eu.passerelle.functions.http.HttpHandler;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Lambda function of the system: the bean its {@code spring_cloud_function_definition}
 * names, how it is triggered, the AWS resources it touches (template logical ids: its IAM
 * policies must grant exactly these), and how to warm it before a SnapStart snapshot.
 *
 * @param primer run once before the snapshot (or at first start without SnapStart): loads what
 *               the function needs and exercises its hot path so the snapshot holds it warm
 */
public record LambdaFunction(String name, Trigger trigger, Type type, Set<String> resources,
                             Supplier<Function<?, ?>> factory, Runnable primer) {

    public enum Trigger { HTTP, SQS, SCHEDULE }

    public LambdaFunction {
        Objects.requireNonNull(name);
        Objects.requireNonNull(trigger);
        Objects.requireNonNull(type);
        resources = Set.copyOf(resources);
        Objects.requireNonNull(factory);
        Objects.requireNonNull(primer);
    }

    /** An HTTP API route handler; priming calls it with a representative GET. */
    public static LambdaFunction http(String name, Set<String> resources, Supplier<HttpHandler> handler,
                                      Supplier<APIGatewayV2HTTPEvent> primingEvent) {
        Once<ApiFunction> function = new Once<>(() -> new ApiFunction(name, handler.get()));
        return new LambdaFunction(name, Trigger.HTTP,
                FunctionTypeUtils.functionType(APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class),
                resources, function::get, () -> function.get().apply(primingEvent.get()));
    }
}
