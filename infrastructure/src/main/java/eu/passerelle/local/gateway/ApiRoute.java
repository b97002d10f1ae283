package eu.passerelle.local.gateway;

import eu.passerelle.local.lambda.FunctionPool;

/**
 * What an HTTP API route leads to: its function, and the authorizer that guards it (the name of
 * one of the API's authorizers, or null for {@code Authorizer: NONE}).
 */
public record ApiRoute(FunctionPool function, String authorizer) {
}
