package eu.passerelle.functions.http;

/** One route's logic: parse the request, call the domain, map the result. */
@FunctionalInterface
public interface HttpHandler {
    HttpResponse handle(HttpRequest request);
}
