package eu.passerelle.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.Once;
import eu.passerelle.functions.directory.PostalCodeLookupHandler;
import eu.passerelle.functions.http.ApiFunction;

/**
 * The cold-start baseline: {@code GET /api/postal-codes/{code}} as a plain Lambda
 * {@link RequestHandler}, without Spring. Same domain classes, same HTTP adapter, same JSON
 * (the response body is byte for byte the Spring function's), same lazy loading of the
 * directory on the first request; only Spring Cloud Function is missing. The Lambda Java runtime
 * deserialises its event and serialises its response (see {@link ColdStartMain}).
 */
public final class PlainLookupHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final ApiFunction function = new ApiFunction("lookupPostalCode",
            new PostalCodeLookupHandler(new Once<>(PostalCodeDirectory::load)));

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return function.apply(event);
    }
}
