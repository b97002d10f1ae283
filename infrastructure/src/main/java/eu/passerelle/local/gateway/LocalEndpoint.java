package eu.passerelle.local.gateway;

/** A path the local runtime answers itself, outside the template (the local sign-in). */
@FunctionalInterface
public interface LocalEndpoint {
    ApiEvents.ApiResponse handle(ApiRequest request);
}
