package eu.passerelle.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import eu.passerelle.Rejection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.List;
import java.util.function.Function;

/**
 * Adapts a {@link HttpHandler} to an HTTP API Lambda function: a rejection becomes its problem,
 * anything unexpected a generic 500 problem whose log line names the request, never its content.
 */
public final class ApiFunction implements Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Log LOG = LogFactory.getLog(ApiFunction.class);

    private final String name;
    private final HttpHandler handler;

    public ApiFunction(String name, HttpHandler handler) {
        this.name = name;
        this.handler = handler;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        HttpResponse response;
        String path = event.getRawPath();
        try {
            HttpRequest request = HttpRequest.from(event);
            response = handler.handle(request);
        } catch (Rejection rejection) {
            response = Problems.of(rejection, path);
        } catch (RuntimeException unexpected) {
            String requestId = event.getRequestContext() == null ? "?" : event.getRequestContext().getRequestId();
            LOG.error("Function " + name + " failed on request " + requestId + ": " + unexpected.getClass().getName());
            response = Problems.problem(500, "internal-error", "Erreur interne",
                    "Une erreur inattendue est survenue. Réessayez plus tard; si elle persiste, signalez la référence "
                            + requestId + ".", path, List.of());
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
