package eu.passerelle.functions;

import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.directory.PublicServiceDirectory;
import eu.passerelle.functions.directory.PostalCodeLookupHandler;
import eu.passerelle.functions.directory.PublicServicesHandler;
import eu.passerelle.functions.openapi.OpenApiHandler;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.messaging.converter.MessageConverter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Spring Cloud Function application behind every Lambda function, registered functionally
 * (no classpath scanning, no auto-configuration) because that halves the cold start. Each
 * function's {@code spring_cloud_function_definition} in template.yaml names one of {@link #all()}.
 */
public final class PasserelleFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    public static void main(String[] args) {
        FunctionalSpringApplication.run(PasserelleFunctions.class, args);
    }

    /** Every function of the system. Reference data is shared and loaded only by those that use it. */
    public static List<LambdaFunction> all() {
        Once<PostalCodeDirectory> postalCodes = new Once<>(PostalCodeDirectory::load);
        Once<PublicServiceDirectory> publicServices = new Once<>(PublicServiceDirectory::load);
        return List.of(
                LambdaFunction.http("lookupPostalCode", Set.of(),
                        () -> new PostalCodeLookupHandler(postalCodes),
                        () -> PrimingEvents.get("GET /api/postal-codes/{code}", "/api/postal-codes/75018",
                                Map.of("code", "75018"), "")),
                LambdaFunction.http("findPublicServices", Set.of(),
                        () -> new PublicServicesHandler(postalCodes, publicServices),
                        () -> PrimingEvents.get("GET /api/services", "/api/services", Map.of(),
                                "postalCode=75018&radiusKm=10")),
                LambdaFunction.http("openApiDocument", Set.of(),
                        OpenApiHandler::new,
                        () -> PrimingEvents.get("GET /api/openapi.json", "/api/openapi.json", Map.of(), "")));
    }

    @Override
    public void initialize(GenericApplicationContext context) {
        // Functional registration skips the adapter's auto-configuration: register its converter
        // so that API Gateway and SQS events are read as their aws-lambda-java-events types.
        context.registerBean("awsTypesMessageConverter", MessageConverter.class,
                () -> new AWSCompanionAutoConfiguration().awsTypesMessageConverter(context));
        String served = context.getEnvironment().getProperty("spring.cloud.function.definition");
        for (LambdaFunction function : all()) {
            context.registerBean(function.name(), FunctionRegistration.class,
                    () -> new FunctionRegistration<>(function.factory().get(), function.name()).type(function.type()));
            if (function.name().equals(served)) {
                SnapStartPriming.register(function);
            }
        }
    }
}
