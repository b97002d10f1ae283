package eu.passerelle.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import eu.passerelle.Rejection;
import eu.passerelle.identity.Caller;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Adapts the routes of one function to an HTTP API Lambda function: picks the route by the
 * event's route key, checks who may call it (401 without a verified identity, 403 without the
 * role: before the handler runs, so a refused call writes nothing), then maps a rejection to its
 * problem and anything unexpected to a generic 500 problem whose log line names the request,
 * never its content.
 */
public final class ApiFunction implements Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Log LOG = LogFactory.getLog(ApiFunction.class);
    /** What every path parameter looks like (requireWellFormedPathParameters). */
    static final Pattern PATH_PARAMETER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final String rolesClaim;

    public ApiFunction(String name, List<Route> routes, String rolesClaim) {
        this.name = name;
        this.rolesClaim = rolesClaim;
        routes.forEach(r -> {
            if (this.routes.put(r.routeKey(), r) != null) {
                throw new IllegalArgumentException("Route " + r.routeKey() + " twice in " + name);
            }
        });
    }

    /** A function serving one open route, for tests and simple functions. */
    public ApiFunction(String name, HttpHandler handler) {
        this(name, List.of(Route.open("$default", handler)), Claims.DEFAULT_ROLES_CLAIM);
    }

    public Map<String, Route> routes() {
        return routes;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        HttpResponse response;
        String path = event.getRawPath();
        try {
            response = dispatch(event);
        } catch (Rejection rejection) {
            response = Problems.of(rejection, path);
        } catch (RuntimeException unexpected) {
            String requestId = event.getRequestContext() == null ? "?" : event.getRequestContext().getRequestId();
            StackTraceElement[] trace = unexpected.getStackTrace();
            // The class and where, never the message: messages may quote personal data.
            LOG.error("Function " + name + " failed on request " + requestId + ": " + unexpected.getClass().getName()
                    + (trace.length > 0 ? " at " + trace[0] : ""));
            response = Problems.problem(500, "internal-error", "Erreur interne",
                    "Une erreur inattendue est survenue. Réessayez plus tard ; si elle persiste, signalez la référence "
                            + requestId + ".", path, List.of());
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    private HttpResponse dispatch(APIGatewayV2HTTPEvent event) {
        Route route = routes.get(event.getRouteKey());
        if (route == null && routes.size() == 1 && routes.containsKey("$default")) {
            route = routes.get("$default");
        }
        if (route == null) {
            throw Rejection.notFound("unknown-route", "Route inconnue",
                    "Cette fonction ne sert pas " + event.getRouteKey() + ".");
        }
        Caller caller = Claims.caller(event, rolesClaim);
        if (!route.access().open()) {
            if (caller == null) {
                throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "unauthenticated", "Connexion requise",
                        "Connectez-vous pour accéder à cette page.", List.of());
            }
            if (!route.access().allows(caller)) {
                throw new Rejection(Rejection.Kind.FORBIDDEN, "forbidden", "Accès refusé",
                        "Votre rôle ne permet pas cette action.", List.of());
            }
        }
        requireWellFormedPathParameters(event);
        return route.handler().handle(HttpRequest.from(event, caller));
    }

    /**
     * Every identifier of our paths (provider UUIDs, voucher and redemption ids, run ids, postal
     * codes) is a short run of letters, digits, '-' and '_'. Anything else (2 KB keys that DynamoDB
     * refuses, '../', spaces, other scripts) is refused here, once for every route, before any
     * handler or store sees it; a well-formed id nobody holds is the handler's 404.
     */
    private static void requireWellFormedPathParameters(APIGatewayV2HTTPEvent event) {
        if (event.getPathParameters() == null) {
            return;
        }
        event.getPathParameters().forEach((name, value) -> {
            if (value == null || !PATH_PARAMETER.matcher(value).matches()) {
                throw Rejection.invalidPath("invalid-path-parameter", "Identifiant mal formé", name,
                        "« " + name + " » : de 1 à 64 lettres, chiffres, tirets ou soulignés.");
            }
        });
    }
}
