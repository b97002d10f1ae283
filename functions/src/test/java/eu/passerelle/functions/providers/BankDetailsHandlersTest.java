package eu.passerelle.functions.providers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.Rejection;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.http.HttpRequest;
import eu.passerelle.functions.http.HttpResponse;
import eu.passerelle.identity.Caller;
import eu.passerelle.identity.Role;
import eu.passerelle.providers.Decision;
import eu.passerelle.providers.Forms;
import eu.passerelle.providers.InMemoryProviders;
import eu.passerelle.providers.Provider;
import eu.passerelle.providers.ProviderService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bank-details routes as handlers (an in-memory store): who sees which IBAN in full, and bad
 * requests refused before any store call.
 */
class BankDetailsHandlersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller AGENT = new Caller("agent-9", Set.of(Role.AGENT), null);
    private static PostalCodeDirectory postalCodes;

    @BeforeAll
    static void load() {
        postalCodes = PostalCodeDirectory.load();
    }

    private static HttpRequest request(Caller caller, String id, String body) {
        return HttpRequest.from(APIGatewayV2HTTPEvent.builder().withRawPath("/api/x")
                .withPathParameters(id == null ? Map.of() : Map.of("id", id))
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).build(), caller);
    }

    private static JsonNode json(HttpResponse response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void theAgentSeesBothAccountsInFullTheProviderMaskedAndTheQueueMasked() throws Exception {
        ProviderService service = new ProviderService(new InMemoryProviders(), postalCodes, Clock.systemUTC());
        Caller provider = new Caller("sub-42", Set.of(Role.PROVIDER), null);
        Provider p = service.apply(provider, Forms.psychologistIn75018("1000000042"));
        service.decide(AGENT, p.id(), Decision.APPROVE, null);
        service.correct(provider, Forms.withBank(Forms.psychologistIn75018("1000000042"), "BE68539007547034", "GEBABEBB"));
        BackOfficeHandlers backOffice = new BackOfficeHandlers(() -> service, () -> postalCodes);
        ProviderAccountHandlers account = new ProviderAccountHandlers(() -> service, () -> postalCodes);

        JsonNode agentView = json(backOffice.record(request(AGENT, p.id(), null))).path("provider").path("bankDetails");
        assertThat(agentView.path("reviewed").path("iban").asText()).isEqualTo("FR7630006000011234567890189");
        assertThat(agentView.path("pending").path("iban").asText()).isEqualTo("BE68539007547034");
        assertThat(agentView.path("pending").path("requestedBy").asText()).isEqualTo("sub-42");

        String own = account.own(request(provider, null, null)).body();
        assertThat(own).doesNotContain("539007547034").doesNotContain("6000011234567890").doesNotContain("agent-9")
                .contains("BE68 •••• 7034");

        String queue = backOffice.bankChanges(request(AGENT, null, null)).body();
        assertThat(queue).contains(p.id()).contains("BE68 •••• 7034").doesNotContain("539007547034");

        JsonNode decided = json(backOffice.decideBankChange(request(AGENT, p.id(),
                "{\"decision\":\"approve\",\"iban\":\"BE68 5390 0754 7034\"}")));
        assertThat(decided.path("bankDetails").path("reviewed").path("iban").asText()).isEqualTo("BE68539007547034");
        assertThat(decided.path("bankDetails").path("pending").isMissingNode()).isTrue();
    }

    @Test
    void anOddIdOrAnUnknownDecisionIsRefusedBeforeTheStore() {
        ProviderService nowhere = new ProviderService(null, postalCodes, Clock.systemUTC());
        BackOfficeHandlers backOffice = new BackOfficeHandlers(() -> nowhere, () -> postalCodes);
        assertThatThrownBy(() -> backOffice.decideBankChange(request(AGENT, "x".repeat(2041), "{\"decision\":\"approve\"}")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("invalid-provider-id"));
        assertThatThrownBy(() -> backOffice.decideBankChange(request(AGENT, "p-1", "{\"decision\":\"maybe\"}")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.type()).isEqualTo("invalid-decision"));
    }
}
