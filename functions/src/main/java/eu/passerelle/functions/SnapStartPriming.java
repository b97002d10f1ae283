package eu.passerelle.functions;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.context.ApplicationContext;
import org.springframework.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Runs a function's primer just before Lambda takes the SnapStart snapshot, so that restored
 * containers start with reference data loaded and the request path already compiled.
 * Without SnapStart (or locally) the hook never fires and the first request does that work.
 *
 * <p>The primer calls the function itself; an HTTP function is then also called once the way
 * {@code FunctionInvoker} calls it (raw event bytes through Spring Cloud Function's AWS message
 * conversion and back), with an event for a route no function serves: that path (the AWS event
 * serialisers, Spring's JSON mapper, the message conversion) cost ≈ 0.2 s on the first request
 * after priming without it, ≈ 4 ms with it (benchmarks/README.md). The unknown route is refused
 * before any handler runs, so this call touches no data and needs no identity.
 */
final class SnapStartPriming implements Resource {

    private static final Log LOG = LogFactory.getLog(SnapStartPriming.class);

    /** An API Gateway HTTP API (payload 2.0) event that every HTTP function answers with a 404 problem. */
    static final String UNKNOWN_ROUTE_EVENT = """
            {"version":"2.0","routeKey":"GET /snapstart-priming","rawPath":"/snapstart-priming","rawQueryString":"",\
            "headers":{"accept":"application/json"},"requestContext":{"requestId":"snapstart-priming",\
            "routeKey":"GET /snapstart-priming","http":{"method":"GET","path":"/snapstart-priming",\
            "protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"priming"}},"isBase64Encoded":false}""";

    /** CRaC holds resources weakly: keep the registered one reachable. */
    private static volatile SnapStartPriming registered;

    private final LambdaFunction function;
    private final ApplicationContext context;

    SnapStartPriming(LambdaFunction function, ApplicationContext context) {
        this.function = function;
        this.context = context;
    }

    static void register(LambdaFunction function, ApplicationContext context) {
        SnapStartPriming priming = new SnapStartPriming(function, context);
        registered = priming;
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        function.primer().run();
        if (function.trigger() == LambdaFunction.Trigger.HTTP) {
            primeAdapter(UNKNOWN_ROUTE_EVENT.getBytes(StandardCharsets.UTF_8));
        }
        LOG.info("Primed " + function.name() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** What {@code FunctionInvoker.handleRequest} does with an event, minus the streams. */
    byte[] primeAdapter(byte[] event) {
        JsonMapper mapper = this.context.getBean(JsonMapper.class);
        FunctionInvocationWrapper invocable = this.context.getBean(FunctionCatalog.class)
                .lookup(function.name(), "application/json");
        Message<?> request;
        try {
            request = AWSLambdaUtils.generateMessage(new java.io.ByteArrayInputStream(event), invocable.getInputType(),
                    invocable.isSupplier(), mapper, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return AWSLambdaUtils.generateOutputFromObject(request, invocable.apply(request), mapper, invocable.getOutputType());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: the functions hold no clocks, sockets or credentials yet.
    }
}
