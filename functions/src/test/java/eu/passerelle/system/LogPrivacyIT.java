package eu.passerelle.system;

import com.fasterxml.jackson.databind.JsonNode;
import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the system logs during an end-to-end flow through the local runtime (standard
 * output and error of every function, which is what Lambda sends to CloudWatch, and the
 * runtime's own log): none of it holds a voucher code, an IBAN, a name or an e-mail address
 * seeded in the flow.
 */
class LogPrivacyIT {

    /** Copies what is written to the original stream and keeps it. */
    static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream kept;

        Tee(OutputStream original, ByteArrayOutputStream kept) {
            this.original = original;
            this.kept = kept;
        }

        @Override
        public void write(int b) {
            synchronized (kept) {
                kept.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException ignored) {
                // the copy is what matters here
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (kept) {
                kept.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException ignored) {
                // the copy is what matters here
            }
        }
    }

    @Test
    void logsNeverHoldCodesIbansNamesOrEmailAddresses() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<String> runtimeLog = new ArrayList<>();
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));

        String tag = Long.toString(System.nanoTime(), 36).replaceAll("\\d", "x");
        String providerName = "Docteur Confidentiel " + tag;
        String providerAccount = "Compte Secret " + tag;
        String parentName = "Parente Anonyme " + tag;
        String email = "cabinet." + tag + "@exemple-prive.fr";
        String iban = "FR7630006000011234567890189";
        List<String> codes = new ArrayList<>();
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.forTests(Fixtures.repositoryTemplate())
                .withLog(line -> {
                    synchronized (runtimeLog) {
                        runtimeLog.add(line);
                    }
                }))) {
            Api api = new Api(runtime);
            String provider = runtime.token("provider", providerAccount, null);
            String body = "{\"displayName\":\"" + providerName + "\",\"profession\":\"psychologist\","
                    + "\"credential\":{\"kind\":\"RPPS\",\"number\":\"" + Api.rpps() + "\"},"
                    + "\"address\":{\"street\":\"12 rue Ordener\",\"postalCode\":\"75018\",\"communeCode\":\"75118\",\"country\":\"FR\"},"
                    + "\"area\":{\"radiusKm\":10},\"languages\":[\"fr\"],"
                    + "\"contact\":{\"phone\":\"01 23 45 67 89\",\"email\":\"" + email + "\",\"published\":[\"email\"]},"
                    + "\"bankAccount\":{\"iban\":\"" + iban + "\",\"bic\":\"AGRIFRPP\"},"
                    + "\"charter\":{\"version\":\"2026-01\",\"accepted\":true}}";
            String providerId = api.json("POST", "/api/providers/applications", provider, body, 201).path("id").asText();
            api.json("POST", "/api/back-office/providers/" + providerId + "/decisions", api.token("agent", "Agent système"),
                    "{\"decision\":\"approve\"}", 200);

            String parent = runtime.token("parent", parentName, null);
            api.json("PUT", "/api/me/questionnaire", parent,
                    "{\"keep\":true,\"answers\":{\"stage\":\"recent\",\"children\":\"young\",\"conflict\":\"tense\",\"safety\":\"safe\"}}", 200);
            JsonNode vouchers = api.json("POST", "/api/vouchers", parent,
                    "{\"service\":\"psychologist\",\"sessions\":3,\"incomeTier\":\"A\",\"postalCode\":\"75011\"}", 201)
                    .path("vouchers");
            vouchers.forEach(v -> codes.add(v.path("code").asText()));
            assertThat(codes).hasSize(3);
            api.json("POST", "/api/vouchers/verify", provider, "{\"code\":\"" + codes.get(0) + "\"}", 200);
            // A mistyped code and a redemption with a bad date: error paths log too.
            api.call("POST", "/api/vouchers/verify", provider, "{\"code\":\"" + codes.get(0).substring(0, codes.get(0).length() - 1)
                    + "Z\"}", Map.of());
            api.call("POST", "/api/redemptions", provider, "{\"code\":\"" + codes.get(1) + "\",\"sessionDate\":\"2999-01-01\"}",
                    Map.of("idempotency-key", UUID.randomUUID().toString()));
            var redeemed = api.redeem(provider, codes.get(0), UUID.randomUUID().toString());
            assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(202);
            String id = Api.JSON.readTree(redeemed.body()).path("redemptionId").asText();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            String status;
            while ((status = api.json("GET", "/api/redemptions/" + id, provider, null, 200).path("status").asText()).equals("pending")) {
                assertThat(Instant.now()).as("redemption applied").isBefore(deadline);
                Thread.sleep(200);
            }
            assertThat(status).isEqualTo("applied");
            api.json("POST", "/api/vouchers/" + vouchers.get(2).path("id").asText() + "/return", parent, null, 200);
            api.json("GET", "/api/coordination/dashboard", api.token("coordinator", "Coordination"), null, 200);
            api.json("GET", "/api/back-office/signals", api.token("agent", "Agent système"), null, 200);
            JsonNode data = api.json("GET", "/api/me/data", parent, null, 200);
            assertThat(data.path("vouchers")).hasSize(3);
            assertThat(data.path("questionnaire").path("stage").asText()).isEqualTo("recent");
            String subject = api.json("GET", "/api/me", parent, null, 200).path("subject").asText();
            JsonNode erasure = api.json("DELETE", "/api/me", parent, null, 200);
            assertThat(erasure.path("accountDeleted").asBoolean()).isTrue();
            assertThat(runtime.deletedAccounts()).as("the sign-in account is deleted at the user pool")
                    .containsExactly(LocalRuntime.STACK_NAME + "-UserPool/" + subject);
            assertThat(api.json("GET", "/api/me/data", parent, null, 200).path("vouchers")).isEmpty();
            // Asked again (a retry after a lost answer): the data is already gone, the account too, still a 200.
            api.json("DELETE", "/api/me", parent, null, 200);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        String logs;
        synchronized (captured) {
            logs = captured.toString(StandardCharsets.UTF_8);
        }
        synchronized (runtimeLog) {
            logs += String.join("\n", runtimeLog);
        }
        // The flow did log (cold starts, the adapter, the runtime): the check below is not vacuous.
        assertThat(logs).contains("cold start of ParentVouchersFunction").contains("ApplyRedemptionsFunction");
        List<String> secrets = new ArrayList<>(List.of(providerName, providerAccount, parentName, email, iban,
                "FR76 3000 6000 0112 3456 7890 189", tag));
        for (String code : codes) {
            secrets.add(code);
            secrets.add(code.replace("-", ""));
            // The serial part alone (a code without its dashes and prefix is still a code).
            secrets.add(code.substring(4, 18));
        }
        for (String secret : secrets) {
            assertThat(logs).as("logs must not contain %s", secret).doesNotContainIgnoringCase(secret);
        }
    }
}
