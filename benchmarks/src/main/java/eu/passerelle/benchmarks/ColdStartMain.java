package eu.passerelle.benchmarks;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one cold start runs in a fresh JVM, as the Lambda Java runtime would: instantiate the
 * handler (init phase), read the event, invoke, write the response. Prints a timing line
 * ({@value #TIMES} followed by {@link System#nanoTime()} at main, after init and after the
 * response: CLOCK_MONOTONIC, comparable with the parent's clock on Linux), then the response on
 * one line prefixed {@value #RESPONSE}, then its CPU time so far ({@value #CPU}), and exits.
 *
 * <p>Arguments: {@code spring|plain|spring-primed <event.json>}; {@code spring-primed} runs the
 * function's SnapStart priming hook after init, so that its "first call" is the first request of a
 * restored snapshot (minus the restore itself). The Spring variant reads {@code MAIN_CLASS} and
 * {@code spring_cloud_function_definition} from the environment, as on Lambda.
 */
public final class ColdStartMain {

    static final String TIMES = "COLDSTART-TIMES ";
    static final String RESPONSE = "COLDSTART-RESPONSE ";
    static final String CPU = "COLDSTART-CPU ";
    static final String SPRING_HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker";

    private ColdStartMain() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        String variant = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        ClassLoader loader = ColdStartMain.class.getClassLoader();
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        long init;
        switch (variant) {
            case "spring" -> {
                // The runtime instantiates the handler class reflectively, then calls it.
                RequestStreamHandler handler = (RequestStreamHandler) Class.forName(SPRING_HANDLER, true, loader)
                        .getDeclaredConstructor().newInstance();
                init = System.nanoTime();
                handler.handleRequest(new ByteArrayInputStream(event), out, new StubContext("cold-start"));
            }
            case "spring-primed" -> {
                // What a SnapStart restore starts from: the handler initialised, then the function's
                // CRaC hook run as before a snapshot. No CRaC JVM here, so the hook is called
                // directly (SnapStartPriming keeps the registered resource in a static field).
                RequestStreamHandler handler = (RequestStreamHandler) Class.forName(SPRING_HANDLER, true, loader)
                        .getDeclaredConstructor().newInstance();
                java.lang.reflect.Field registered = Class.forName("eu.passerelle.functions.SnapStartPriming", true, loader)
                        .getDeclaredField("registered");
                registered.setAccessible(true);
                ((org.crac.Resource) registered.get(null)).beforeCheckpoint(null);
                init = System.nanoTime();
                handler.handleRequest(new ByteArrayInputStream(event), out, new StubContext("cold-start"));
            }
            case "plain" -> {
                @SuppressWarnings("unchecked")
                RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                        (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(
                                PlainLookupHandler.class.getName(), true, loader).getDeclaredConstructor().newInstance();
                init = System.nanoTime();
                // As the runtime does for aws-lambda-java-events types.
                PojoSerializer<APIGatewayV2HTTPEvent> input =
                        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
                PojoSerializer<APIGatewayV2HTTPResponse> output =
                        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
                output.toJson(handler.handleRequest(input.fromJson(new ByteArrayInputStream(event)),
                        new StubContext("cold-start")), out);
            }
            default -> throw new IllegalArgumentException("spring or plain, not " + variant);
        }
        long done = System.nanoTime();
        String response = out.toString(StandardCharsets.UTF_8).replace('\n', ' ');
        System.out.println(TIMES + main + " " + init + " " + done);
        System.out.println(RESPONSE + response);
        System.out.flush();
        // After the response, so outside the timed span: CPU time of all threads (JIT, GC, Spring's
        // background pre-initialisation), the better predictor where CPU is scarce (Lambda at 1 GB).
        System.out.println(CPU + ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L));
        System.out.flush();
        System.exit(0);
    }
}
