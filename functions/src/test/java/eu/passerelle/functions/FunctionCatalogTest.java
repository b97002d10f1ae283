package eu.passerelle.functions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every function of the manifest is a bean of the catalogue, typed for its trigger, and primes. */
class FunctionCatalogTest {

    static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        context = FunctionalSpringApplication.run(PasserelleFunctions.class,
                "--spring.main.web-application-type=none");
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void everyManifestFunctionResolvesWithItsEventType() {
        FunctionCatalog catalog = context.getBean(FunctionCatalog.class);
        for (Map<String, Object> f : FunctionManifest.functions()) {
            FunctionInvocationWrapper function = catalog.lookup(String.valueOf(f.get("name")), "application/json");
            assertThat(function).as(String.valueOf(f.get("name"))).isNotNull();
            assertThat(function.getFunctionDefinition()).isEqualTo(f.get("name"));
            // The raw event stream, for every trigger: Spring Cloud Function then never converts
            // nor unwraps the event (LambdaEvents).
            assertThat(function.getInputType()).as(String.valueOf(f.get("name"))).isEqualTo(java.io.InputStream.class);
        }
    }

    @Test
    void namesAreUniqueAndPrimersRun() {
        assertThat(PasserelleFunctions.all(name -> null)).extracting(LambdaFunction::name).doesNotHaveDuplicates();
        PasserelleFunctions.all(name -> null).forEach(f -> f.primer().run());
    }

    @Test
    void theSnapStartAdapterCallGoesThroughTheRawEventPathOfEveryHttpFunction() {
        byte[] unknownRoute = SnapStartPriming.UNKNOWN_ROUTE_EVENT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PasserelleFunctions.all(name -> null).stream().filter(f -> f.trigger() == LambdaFunction.Trigger.HTTP)
                .forEach(f -> assertThat(new String(new SnapStartPriming(f, context).primeAdapter(unknownRoute),
                        java.nio.charset.StandardCharsets.UTF_8)).as(f.name()).contains("\"statusCode\":404")
                        .contains("unknown-route"));
    }
}
