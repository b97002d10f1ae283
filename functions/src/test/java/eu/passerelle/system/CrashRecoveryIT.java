package eu.passerelle.system;

import com.fasterxml.jackson.databind.JsonNode;
import eu.passerelle.local.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash suite: the local runtime in a process of its own, on a data directory, killed with
 * SIGKILL ({@link Process#destroyForcibly()}) while providers declare sessions and a
 * reimbursement run executes, then restarted on the same data. Every redemption the API accepted
 * (202) must be applied exactly once, and paid exactly once by the runs, with the sweeper doing
 * its job (fired every minute here, through the template's parameters), and the run resuming
 * from its message within its heartbeat.
 */
class CrashRecoveryIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final String TODAY = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
    private static final int PROVIDERS = 6;

    private Process runtime;
    private Path data;
    private int port;
    private int starts;

    /** One declaration as the provider's software sends it, and what came back. */
    record Declaration(String provider, String code, String key, String[] answer) {
        String redemptionId() {
            return answer[0];
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (runtime != null && runtime.isAlive()) {
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
    }

    // ------------------------------------------------------------------ the runtime's process

    private void start() throws Exception {
        starts++;
        Path log = Path.of("target", "crash-runtime-" + starts + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                "eu.passerelle.local.LocalRuntime", "--template", Fixtures.repositoryTemplate().toString(),
                "--port", String.valueOf(port), "--data", data.toString(), "--no-demo",
                // The schedules and timings of template.yaml, shortened through its parameters.
                "--parameter", "RedemptionSweepSchedule=rate(1 minute)",
                "--parameter", "RedemptionSweepAfterSeconds=5",
                "--parameter", "RedemptionVisibilitySeconds=30",
                "--parameter", "ReimbursementRunHeartbeatSeconds=10"));
        runtime = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Fixtures.await("the runtime answers (see " + log + ")", Duration.ofMinutes(2), () -> {
            if (!runtime.isAlive()) {
                throw new AssertionError("the runtime exited: see " + log);
            }
            try {
                return send("GET", "/api/postal-codes/75018", null, null, Map.of()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private void kill() throws InterruptedException {
        runtime.destroyForcibly(); // SIGKILL: no shutdown hook runs, nothing is flushed on purpose
        assertThat(runtime.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ the API

    private HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
            throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("authorization", "Bearer " + token);
        }
        headers.forEach(r::header);
        try {
            return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private JsonNode json(String method, String path, String token, String body, int expected) {
        try {
            HttpResponse<String> r;
            try {
                r = send(method, path, token, body, Map.of());
            } catch (java.net.http.HttpTimeoutException slowColdStart) {
                if (!method.equals("GET")) {
                    throw slowColdStart;
                }
                r = send(method, path, token, body, Map.of()); // a read, once more: a cold start on a loaded machine
            }
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            return r.body().isEmpty() ? null : Api.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    private String token(String role, String name) {
        return json("POST", "/local-auth/token", null, "{\"role\":\"" + role + "\",\"name\":\"" + name + "\"}", 200)
                .path("idToken").asText();
    }

    private String approvedPsychologist(String providerToken, String name) {
        String body = "{\"displayName\":\"" + name + "\",\"profession\":\"psychologist\","
                + "\"credential\":{\"kind\":\"RPPS\",\"number\":\"" + Api.rpps() + "\"},"
                + "\"address\":{\"street\":\"12 rue Ordener\",\"postalCode\":\"75018\",\"communeCode\":\"75118\",\"country\":\"FR\"},"
                + "\"area\":{\"radiusKm\":10},\"languages\":[\"fr\"],"
                + "\"bankAccount\":{\"iban\":\"FR7630006000011234567890189\",\"bic\":\"AGRIFRPP\"},"
                + "\"charter\":{\"version\":\"2026-01\",\"accepted\":true}}";
        String id = json("POST", "/api/providers/applications", providerToken, body, 201).path("id").asText();
        json("POST", "/api/back-office/providers/" + id + "/decisions", token("agent", "Agent crash"),
                "{\"decision\":\"approve\"}", 200);
        return id;
    }

    private List<String> mint(String parentToken, String providerId, String postalCode) {
        JsonNode vouchers = json("POST", "/api/vouchers", parentToken, "{\"service\":\"psychologist\",\"providerId\":\"" + providerId
                + "\",\"sessions\":5,\"incomeTier\":\"A\",\"postalCode\":\"" + postalCode + "\"}", 201).path("vouchers");
        List<String> codes = new ArrayList<>();
        vouchers.forEach(v -> codes.add(v.path("code").asText()));
        return codes;
    }

    /** Sends a declaration; the answer is kept only when it is the 202 (whatever happens to the process). */
    private void declare(Map<String, String> providerTokens, Declaration d) {
        try {
            HttpResponse<String> r = send("POST", "/api/redemptions", providerTokens.get(d.provider()),
                    "{\"code\":\"" + d.code() + "\",\"sessionDate\":\"" + TODAY + "\"}", Map.of("idempotency-key", d.key()));
            if (r.statusCode() == 202) {
                d.answer()[0] = Api.JSON.readTree(r.body()).path("redemptionId").asText();
            }
        } catch (IOException killedMeanwhile) {
            // No answer: the provider's software retries it with the same key.
        }
    }

    private String startRun(String agent) {
        return json("POST", "/api/back-office/reimbursement-runs", agent, null, 202).path("id").asText();
    }

    private JsonNode awaitRunFinished(String agent, String runId) {
        JsonNode[] run = new JsonNode[1];
        Fixtures.await("run " + runId + " finishes", Duration.ofMinutes(3), () -> {
            run[0] = json("GET", "/api/back-office/reimbursement-runs/" + runId, agent, null, 200);
            return !run[0].path("status").asText().equals("running");
        });
        return run[0];
    }

    // ------------------------------------------------------------------ the suite

    @Test
    void killedMidLoadAndMidRunThenRestartedEveryAcceptedRedemptionIsAppliedOnceAndPaidOnce(
            @org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        data = temp.resolve("data");
        port = freePort();
        start();

        String agent = token("agent", "Agent crash");
        Map<String, String> providerTokens = new HashMap<>();
        List<Declaration> before = new ArrayList<>();
        List<Declaration> during = new ArrayList<>();
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        for (int p = 0; p < PROVIDERS; p++) {
            String token = token("provider", "Psy " + run + " " + p);
            String id = approvedPsychologist(token, "Cabinet " + run + " " + p);
            providerTokens.put(id, token);
            // Parents in two departments: Paris and Seine-Saint-Denis (the national "paid" cell twice per statement).
            List<String> codes = new ArrayList<>(mint(token("parent", "Parent 75 " + run + " " + p), id, "75011"));
            codes.addAll(mint(token("parent", "Parent 93 " + run + " " + p), id, "93100"));
            for (int i = 0; i < codes.size(); i++) {
                Declaration d = new Declaration(id, codes.get(i), UUID.randomUUID().toString(), new String[1]);
                (i < 4 ? before : during).add(d);
            }
        }

        // Some sessions declared and applied, then a run starts while more are declared: the kill comes mid-load.
        before.forEach(d -> declare(providerTokens, d));
        assertThat(before).allMatch(d -> d.redemptionId() != null);
        Thread.sleep(1500);
        String firstRun = startRun(agent);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicInteger answered = new AtomicInteger();
        for (Declaration d : during) {
            clients.submit(() -> {
                declare(providerTokens, d);
                answered.incrementAndGet();
            });
        }
        Fixtures.await("a third of the declarations answered", Duration.ofSeconds(60), () -> answered.get() >= during.size() / 3);
        // The run executing (it counted its providers): its heartbeat holds its message 10 s at a
        // time. Killed between the queue's delivery and the first beat, it would wait for the
        // queue's own visibility timeout (960 s, above Lambda's 15 minutes), as on Lambda.
        Fixtures.await("the run executing", Duration.ofSeconds(60), () -> json("GET",
                "/api/back-office/reimbursement-runs/" + firstRun, agent, null, 200).hasNonNull("providersTotal"));
        kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        long acceptedBeforeKill = during.stream().filter(d -> d.redemptionId() != null).count();
        assertThat(acceptedBeforeKill).as("some accepted before the kill").isPositive();

        long restarting = System.nanoTime();
        start();
        long restarted = System.nanoTime();

        // The providers' software: an answered declaration retried with its key gets the same answer;
        // an unanswered one is retried with its key until it gets one (a crash mid-request holds the key 30 s).
        for (Declaration d : during) {
            String known = d.redemptionId();
            Fixtures.await("an answer for " + d.key(), Duration.ofMinutes(3), () -> {
                try {
                    HttpResponse<String> r = send("POST", "/api/redemptions", providerTokens.get(d.provider()),
                            "{\"code\":\"" + d.code() + "\",\"sessionDate\":\"" + TODAY + "\"}", Map.of("idempotency-key", d.key()));
                    if (r.statusCode() == 409 && r.body().contains("request-in-progress")) {
                        Thread.sleep(1000);
                        return false;
                    }
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                    String id = Api.JSON.readTree(r.body()).path("redemptionId").asText();
                    if (known != null) {
                        assertThat(id).as("a retry with its key is the same redemption").isEqualTo(known);
                    }
                    d.answer()[0] = id;
                    return true;
                } catch (java.net.http.HttpTimeoutException slowColdStart) {
                    return false; // no answer in time (a cold start on a loaded machine): the software retries
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }

        List<Declaration> all = new ArrayList<>(before);
        all.addAll(during);
        Fixtures.await("every accepted redemption applied (the consumer, the sweeper)", Duration.ofMinutes(4), () -> all.stream()
                .allMatch(d -> json("GET", "/api/redemptions/" + d.redemptionId(), providerTokens.get(d.provider()), null, 200)
                        .path("status").asText().equals("applied")));

        long applied = System.nanoTime();
        JsonNode first = awaitRunFinished(agent, firstRun);
        long resumed = System.nanoTime();
        System.out.printf("[crash] %d declarations before the run, %d during it (%d accepted before the kill); "
                        + "restart %d s; every accepted redemption applied %d s after it; first run finished %d s after it%n",
                before.size(), during.size(), acceptedBeforeKill, (restarted - restarting) / 1_000_000_000L,
                (applied - restarted) / 1_000_000_000L, (resumed - restarted) / 1_000_000_000L);
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("completed");
        JsonNode second = awaitRunFinished(agent, startRun(agent));
        assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("completed");

        // Paid exactly once: every accepted session is on exactly one statement line, and nothing else is.
        Map<String, Integer> paidLines = new ConcurrentHashMap<>();
        Map<String, Long> payableByRun = new HashMap<>();
        for (Map.Entry<String, String> provider : providerTokens.entrySet()) {
            for (JsonNode s : json("GET", "/api/statements?limit=100", provider.getValue(), null, 200).path("items")) {
                String runId = s.path("runId").asText();
                payableByRun.merge(runId, s.path("payableCents").asLong(), Long::sum);
                for (JsonNode line : json("GET", "/api/statements/" + runId, provider.getValue(), null, 200).path("lines")) {
                    assertThat(line.path("kind").asText()).isEqualTo("redemption");
                    paidLines.merge(line.path("code").asText(), 1, Integer::sum);
                }
            }
        }
        Set<String> accepted = new java.util.HashSet<>();
        all.forEach(d -> accepted.add(d.code()));
        assertThat(paidLines.keySet()).as("paid sessions").containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(paidLines.values()).as("each paid once").containsOnly(1);
        for (JsonNode r : List.of(first, second)) {
            JsonNode run2 = json("GET", "/api/back-office/reimbursement-runs/" + r.path("id").asText(), agent, null, 200);
            assertThat(run2.path("controlSumCents").asLong()).as("control sum of " + r.path("id").asText())
                    .isEqualTo(payableByRun.getOrDefault(r.path("id").asText(), 0L));
        }
    }
}
