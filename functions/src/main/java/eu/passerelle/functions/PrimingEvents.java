package eu.passerelle.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Map;

/** Synthetic HTTP API events used to warm a function before its SnapStart snapshot. */
final class PrimingEvents {

    private PrimingEvents() {
    }

    static APIGatewayV2HTTPEvent request(String routeKey, String path, Map<String, String> pathParameters, String rawQuery,
                                         String body) {
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery)
                .withPathParameters(pathParameters)
                .withHeaders(Map.of("accept", "application/json", "content-type", "application/json"))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("snapstart-priming")
                        .withRouteKey(routeKey)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").withUserAgent("priming").build())
                        .build())
                .build();
    }

    static APIGatewayV2HTTPEvent get(String routeKey, String path, Map<String, String> pathParameters, String rawQuery) {
        return request(routeKey, path, pathParameters, rawQuery, null);
    }
}
