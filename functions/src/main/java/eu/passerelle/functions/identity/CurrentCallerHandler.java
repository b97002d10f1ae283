package eu.passerelle.functions.identity;

import eu.passerelle.functions.http.HttpHandler;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;

import java.util.List;

/** {@code GET /api/me}: who the token says the caller is, so that pages show what fits. */
public final class CurrentCallerHandler implements HttpHandler {

    record Me(String subject, List<String> roles, String department) {
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        Caller caller = request.requireCaller();
        return HttpResponse.ok(new Me(caller.subject(), caller.roles().stream().sorted().map(Role::claimValue).toList(),
                caller.department()));
    }
}
