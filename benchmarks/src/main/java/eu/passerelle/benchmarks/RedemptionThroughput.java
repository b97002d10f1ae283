package eu.passerelle.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.directory.PostalCodeDirectory;
import eu.passerelle.functions.providers.DynamoProviderStore;
import eu.passerelle.functions.evaluation.RedemptionMetrics;
import eu.passerelle.functions.redemption.DynamoIdempotencyStore;
import eu.passerelle.functions.redemption.DynamoRedemptionStore;
import eu.passerelle.functions.redemption.RedemptionItems;
import eu.passerelle.functions.vouchers.DynamoVoucherStore;
import eu.passerelle.redemption.Idempotency;
import eu.passerelle.redemption.RedemptionStore;
import eu.passerelle.redemption.VoucherFacts;
import eu.passerelle.local.LocalRuntime;
import eu.passerelle.local.auth.LocalIssuer;
import eu.passerelle.providers.AuditEntry;
import eu.passerelle.providers.Profession;
import eu.passerelle.providers.Provider;
import eu.passerelle.redemption.Redemption;
import eu.passerelle.redemption.RedemptionStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end redemption through the real local runtime (template.yaml: HTTP API with the JWT
 * authorizer, the providerRedemptions function, the FIFO queue on ElasticMQ, the
 * applyRedemptions consumer with its batch size and concurrency, the DynamoDB engine): approved
 * providers, vouchers minted through {@code POST /api/vouchers}, then {@code POST
 * /api/redemptions} with an Idempotency-Key from several client threads, timed until every
 * redemption is applied. Against two bare versions on the same DynamoDB engine, in the same run,
 * with the same threads, half before and half after it: the consumer's transaction alone, as
 * {@code DynamoRedemptionStore} builds it (voucher issued → redeemed, redemption pending →
 * applied, ledger head and entry, the coordination's counters); and every conditional write of a
 * redemption through the same stores (idempotency record, the transaction that records the
 * redemption, the consumer's transaction), without reads, HTTP, Lambda or queue. The latency
 * from the 202 to applied is the redemption's {@code updatedAt}, stamped by the consumer when it
 * applies, minus the moment the client got its 202; under load, and one at a time.
 * {@code -Dbench.redemption.warmup=N}, {@code -Dbench.redemption.measured=N} and
 * {@code -Dbench.redemption.environments=N} (execution environments per function) change the sizes.
 */
final class RedemptionThroughput implements BenchmarkPart {

    static final double RATIO_GOAL = 0.5;
    static final int THREADS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Override
    public String name() {
        return "redemption";
    }

    record Sizes(int threads, int providers, int warmup, int measured, int light, int raw) {
    }

    /** A voucher ready for redemption, and who redeems it. */
    record Job(String code, String voucherId, int provider) {
    }

    /** One redemption of the measured phase: when the client sent it and got its 202. */
    record Accepted(String redemptionId, Instant sentAt, Instant acceptedAt) {
    }

    @Override
    public Report run(BenchmarkMain.Config config) throws Exception {
        boolean full = BenchmarkPart.full(config);
        // Many providers, taken in turn: concurrent consumers rarely meet on one ledger head.
        Sizes sizes = full ? new Sizes(THREADS, 200, Integer.getInteger("bench.redemption.warmup", 100),
                Integer.getInteger("bench.redemption.measured", 800), 50, 800) : new Sizes(1, 12, 2, 12, 3, 12);
        long start = System.nanoTime();
        LocalRuntime.Options base = LocalRuntime.Options.forTests(LocalAws.template());
        // As many execution environments per function as client threads (the consumer's
        // MaximumConcurrency is 5 in template.yaml: 4 at most here, for 2 CPUs); the rest as the template says.
        int environments = Integer.getInteger("bench.redemption.environments", sizes.threads());
        LocalRuntime.Options options = new LocalRuntime.Options(base.template(), base.webRoot(), 0, null, null, base.region(),
                false, environments, false, Map.of(), base.clock(), line -> { }, false);
        try (LocalRuntime runtime = LocalRuntime.start(options)) {
            Pipeline p = new Pipeline(runtime, sizes);
            config.out().printf("# Redemption: runtime up, %d providers, minting %d vouchers…%n", sizes.providers(),
                    sizes.warmup() + sizes.measured() + sizes.light() + sizes.raw());
            List<Job> all = p.mint(sizes.warmup() + sizes.measured() + sizes.light() + sizes.raw());
            List<Job> warm = all.subList(0, sizes.warmup());
            List<Job> measured = all.subList(sizes.warmup(), sizes.warmup() + sizes.measured());
            List<Job> light = all.subList(sizes.warmup() + sizes.measured(), sizes.warmup() + sizes.measured() + sizes.light());
            List<Job> raw = all.subList(all.size() - sizes.raw(), all.size());

            config.out().println("# Redemption: warm-up (functions start, JIT)…");
            p.endToEnd(warm);
            // The raw sides: warm-up, then each in two halves around the end-to-end run.
            int rawWarm = Math.min(raw.size() / 4, 50);
            int quarter = (raw.size() - rawWarm) / 4;
            p.raw(raw.subList(0, rawWarm / 2), 0);
            p.allWrites(raw.subList(rawWarm / 2, rawWarm));
            List<Job> rawA = raw.subList(rawWarm, rawWarm + quarter);
            List<Job> allA = raw.subList(rawWarm + quarter, rawWarm + 2 * quarter);
            List<Job> rawB = raw.subList(rawWarm + 2 * quarter, rawWarm + 3 * quarter);
            List<Job> allB = raw.subList(rawWarm + 3 * quarter, rawWarm + 4 * quarter);

            config.out().println("# Redemption: measuring…");
            long rawNanos = p.raw(rawA, 1);
            long allNanos = p.allWrites(allA);
            EndToEnd e2e = p.endToEnd(measured);
            rawNanos += p.raw(rawB, 2);
            allNanos += p.allWrites(allB);
            double rawRate = (rawA.size() + rawB.size()) / (rawNanos / 1e9);
            double allRate = (allA.size() + allB.size()) / (allNanos / 1e9);
            double e2eRate = e2e.applied / e2e.seconds;
            double ratio = e2eRate / rawRate;
            double allRatio = e2eRate / allRate;
            List<List<Double>> lightLatencies = p.oneAtATime(light);

            Report.Builder report = Report.titled(String.format(Locale.ROOT,
                    "Redemption end to end through the local runtime (HTTP API + JWT, providerRedemptions, FIFO queue on"
                            + " ElasticMQ, applyRedemptions x%d, the DynamoDB engine), %d client threads, %d redemptions over %d"
                            + " providers, after %d warm-up ones", sizes.threads(), sizes.threads(), sizes.measured(), sizes.providers(),
                    sizes.warmup()));
            report.line("%-62s %12s", "path", "per second");
            report.line("%-62s %12.0f", "POST /api/redemptions → 202 (HTTP side alone)", e2e.accepted / e2e.acceptSeconds);
            report.line("%-62s %12.0f", "end to end: first POST → last applied", e2eRate);
            report.line("%-62s %12.0f", "raw: the consumer's transaction (TransactWriteItems, its items)", rawRate);
            report.line("%-62s %12.0f", "raw: every conditional write of a redemption (put + 2 transactions)", allRate);
            report.goal("end to end ≥ 0.5x raw conditional writes (the consumer's transaction)", ratio >= RATIO_GOAL,
                    "%.2fx; %d of %d applied, %d rejected", ratio, e2e.applied, sizes.measured(), e2e.rejected);
            report.line("End to end / every conditional write of a redemption written bare: %.2fx", allRatio);
            report.line("Latency 202 → applied under that load: p50 %.0f ms, p99 %.0f ms, max %.0f ms (POST sent → applied:"
                            + " p50 %.0f ms, p99 %.0f ms)", percentile(e2e.latenciesMs, 50), percentile(e2e.latenciesMs, 99),
                    percentile(e2e.latenciesMs, 100), percentile(e2e.fromSendMs, 50), percentile(e2e.fromSendMs, 99));
            report.line("Latency 202 → applied one at a time (%d redemptions): p50 %.1f ms, p99 %.1f ms, max %.1f ms (POST"
                            + " sent → applied: p50 %.1f ms, p99 %.1f ms)", light.size(), percentile(lightLatencies.get(0), 50),
                    percentile(lightLatencies.get(0), 99), percentile(lightLatencies.get(0), 100),
                    percentile(lightLatencies.get(1), 50), percentile(lightLatencies.get(1), 99));
            report.line("(a negative 202 → applied: the consumer applied it before the 202 reached the client; the"
                    + " message is queued before the response is written)");
            report.line("Per redemption the pipeline does: JWT check, idempotency record (conditional put), redemption +"
                    + " claim + idempotency completion + approval check (transaction), SQS send; receive; in the consumer"
                    + " one BatchGetItem (redemption, voucher, ledger head), the transaction, delete; the provider's record"
                    + " is kept 5 min per execution environment (%d environments per function here). The raw sides:"
                    + " the consumer's transaction alone; and idempotency put + the two transactions, no reads.", environments);
            report.figure("redemption.e2e.perSecond", e2eRate).figure("redemption.raw.perSecond", rawRate)
                    .figure("redemption.ratio", ratio).figure("redemption.allWrites.perSecond", allRate)
                    .figure("redemption.allWrites.ratio", allRatio)
                    // From the POST being sent: from the 202 it is often negative (printed above).
                    .figure("redemption.sent.p50.ms", percentile(e2e.fromSendMs, 50))
                    .figure("redemption.light.sent.p50.ms", percentile(lightLatencies.get(1), 50));
            report.line("(redemption part in %.0f s)", (System.nanoTime() - start) / 1e9);
            return report.build();
        }
    }

    record EndToEnd(int accepted, double acceptSeconds, int applied, int rejected, double seconds, List<Double> latenciesMs,
                    List<Double> fromSendMs) {
    }

    static final class Pipeline {
        final LocalRuntime runtime;
        final Sizes sizes;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final DynamoDbClient dynamoDb;
        final String ledgerTable;
        final String vouchersTable;
        final List<String> providerTokens = new ArrayList<>();
        final List<String> rawProviders = new ArrayList<>();
        final List<Provider> approved = new ArrayList<>();
        final long[] rawHeads;
        /** The stores as the functions build them (the consumer's with the coordination's counters). */
        final DynamoRedemptionStore consumerStore;
        final DynamoRedemptionStore endpointStore;
        final Idempotency idempotency;
        final DynamoVoucherStore voucherStore;
        final String today = LocalDate.now(PARIS).toString();

        Pipeline(LocalRuntime runtime, Sizes sizes) throws Exception {
            this.runtime = runtime;
            this.sizes = sizes;
            dynamoDb = runtime.clients().dynamoDb();
            ledgerTable = LocalAws.table(runtime.deployment(), "LedgerTable");
            vouchersTable = LocalAws.table(runtime.deployment(), "VouchersTable");
            // Approved psychologists written by the real store (record, guards, audit), each bound
            // to the account of a local sign-in token, as an agent's approval leaves them.
            List<Provider> psychologists = ProviderFixtures.generate(PostalCodeDirectory.load(), sizes.providers() * 4).stream()
                    .filter(p -> p.application().profession() == Profession.PSYCHOLOGIST).limit(sizes.providers()).toList();
            for (int i = 0; i < psychologists.size(); i++) {
                Provider p = psychologists.get(i);
                String name = "Prestataire banc " + i;
                approved.add(new Provider(p.id(), LocalIssuer.subjectOf("provider", name), p.status(), p.application(),
                        p.submittedAt(), p.decidedAt(), null, p.version()));
                providerTokens.add(runtime.token("provider", name, null));
                rawProviders.add("PRAW" + String.format("%06d", i));
            }
            String providersTable = LocalAws.table(runtime.deployment(), "ProvidersTable");
            ProviderFixtures.seed(dynamoDb, providersTable, approved);
            rawHeads = new long[sizes.providers()];
            // Raw providers have the practices of the real ones: the same counters are written.
            Map<String, Provider> practices = new java.util.HashMap<>();
            for (int i = 0; i < approved.size(); i++) {
                practices.put(rawProviders.get(i), approved.get(i));
                practices.put(approved.get(i).id(), approved.get(i));
            }
            RedemptionMetrics metrics = new RedemptionMetrics(LocalAws.table(runtime.deployment(), "MetricsTable"),
                    id -> java.util.Optional.ofNullable(practices.get(id)));
            consumerStore = new DynamoRedemptionStore(dynamoDb, ledgerTable, vouchersTable, null, metrics);
            endpointStore = new DynamoRedemptionStore(dynamoDb, ledgerTable, vouchersTable, providersTable, metrics);
            idempotency = new Idempotency(new DynamoIdempotencyStore(dynamoDb, ledgerTable), Clock.systemUTC());
            voucherStore = new DynamoVoucherStore(dynamoDb, vouchersTable);
        }

        HttpResponse<String> call(String method, String path, String token, String body, String idempotencyKey) {
            HttpRequest.Builder r = HttpRequest.newBuilder(runtime.baseUrl().resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json").header("authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (idempotencyKey != null) {
                r.header("idempotency-key", idempotencyKey);
            }
            try {
                return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Vouchers for psychologists (not bound to one), 5 per parent, through the API; providers in turn. */
        List<Job> mint(int count) throws Exception {
            int parents = (count + 4) / 5;
            Job[][] byParent = new Job[parents][];
            MintingThroughput.parallel(sizes.threads(), parents, i -> {
                String token = runtime.token("parent", "Parent banc " + UUID.randomUUID(), null);
                HttpResponse<String> r = call("POST", "/api/vouchers", token,
                        "{\"service\":\"psychologist\",\"sessions\":5,\"incomeTier\":\"A\"}", null);
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("Minting: " + r.statusCode() + " " + r.body());
                }
                try {
                    JsonNode vouchers = JSON.readTree(r.body()).path("vouchers");
                    Job[] jobs = new Job[vouchers.size()];
                    for (int k = 0; k < jobs.length; k++) {
                        jobs[k] = new Job(vouchers.get(k).path("code").asText(), vouchers.get(k).path("id").asText(), -1);
                    }
                    byParent[i] = jobs;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            List<Job> jobs = new ArrayList<>();
            for (Job[] group : byParent) {
                for (Job j : group) {
                    if (jobs.size() < count) {
                        jobs.add(new Job(j.code(), j.voucherId(), jobs.size() % sizes.providers()));
                    }
                }
            }
            return jobs;
        }

        HttpResponse<String> redeem(Job job) {
            return call("POST", "/api/redemptions", providerTokens.get(job.provider()),
                    "{\"code\":\"" + job.code() + "\",\"sessionDate\":\"" + today + "\"}", UUID.randomUUID().toString());
        }

        EndToEnd endToEnd(List<Job> jobs) throws Exception {
            ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
            AtomicInteger refused = new AtomicInteger();
            Instant t0 = Instant.now();
            long acceptNanos = MintingThroughput.parallel(sizes.threads(), jobs.size(), i -> {
                Instant sent = Instant.now();
                HttpResponse<String> r = redeem(jobs.get(i));
                Instant at = Instant.now();
                if (r.statusCode() != 202) {
                    refused.incrementAndGet();
                    throw new IllegalStateException("Redemption: " + r.statusCode() + " " + r.body());
                }
                try {
                    accepted.add(new Accepted(JSON.readTree(r.body()).path("redemptionId").asText(), sent, at));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            awaitNonePending(Duration.ofSeconds(Math.max(120, jobs.size() / 5)));
            List<Double> latencies = new ArrayList<>();
            List<Double> fromSend = new ArrayList<>();
            Instant last = t0;
            int applied = 0;
            int rejected = 0;
            for (Accepted a : accepted) {
                Map<String, AttributeValue> item = redemption(a.redemptionId());
                Instant done = Instant.parse(item.get("updatedAt").s());
                if (RedemptionStatus.APPLIED.name().equals(item.get("status").s())) {
                    applied++;
                    latencies.add(Duration.between(a.acceptedAt(), done).toNanos() / 1e6);
                    fromSend.add(Duration.between(a.sentAt(), done).toNanos() / 1e6);
                    last = done.isAfter(last) ? done : last;
                } else {
                    rejected++;
                }
            }
            return new EndToEnd(accepted.size(), acceptNanos / 1e9, applied, rejected,
                    Duration.between(t0, last).toNanos() / 1e9, latencies, fromSend);
        }

        Map<String, AttributeValue> redemption(String id) {
            return dynamoDb.getItem(g -> g.tableName(ledgerTable).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("REDEMPTION#" + id), "sk", AttributeValue.fromS("REDEMPTION")))).item();
        }

        /** Waits until the sparse index of pending redemptions is empty. */
        void awaitNonePending(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                int pending = dynamoDb.query(q -> q.tableName(ledgerTable).indexName("pending").select(Select.COUNT)
                        .keyConditionExpression("gsi2pk = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("PENDING")))).count();
                if (pending == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(pending + " redemptions still pending after " + timeout);
                }
                Thread.sleep(20);
            }
        }

        /**
         * One redemption at a time, each awaited: the pipeline's latency without a queue behind it.
         *
         * @return from the 202, and from sending the POST
         */
        List<List<Double>> oneAtATime(List<Job> jobs) throws InterruptedException {
            List<Double> latencies = new ArrayList<>();
            List<Double> fromSend = new ArrayList<>();
            for (Job job : jobs) {
                Instant sent = Instant.now();
                HttpResponse<String> r = redeem(job);
                Instant at = Instant.now();
                if (r.statusCode() != 202) {
                    throw new IllegalStateException("Redemption: " + r.statusCode() + " " + r.body());
                }
                String id;
                try {
                    id = JSON.readTree(r.body()).path("redemptionId").asText();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    Map<String, AttributeValue> item = redemption(id);
                    String status = item.get("status").s();
                    if (!status.equals(RedemptionStatus.PENDING.name())) {
                        if (!status.equals(RedemptionStatus.APPLIED.name())) {
                            throw new IllegalStateException("Redemption " + status + ": " + item.get("reason"));
                        }
                        latencies.add(Duration.between(at, Instant.parse(item.get("updatedAt").s())).toNanos() / 1e6);
                        fromSend.add(Duration.between(sent, Instant.parse(item.get("updatedAt").s())).toNanos() / 1e6);
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Redemption still pending after 60 s");
                    }
                    Thread.sleep(2);
                }
            }
            return List.of(latencies, fromSend);
        }

        /**
         * The consumer's transaction, bare: each thread owns the raw providers {@code ≡ thread mod
         * threads} and keeps their ledger heads, so no write waits on a read or another thread.
         * The pending redemptions it applies, and the vouchers' facts, are written and read before.
         */
        long raw(List<Job> jobs, int round) throws Exception {
            Instant now = Instant.now();
            int providers = sizes.providers();
            int threads = sizes.threads();
            List<List<List<TransactWriteItem>>> writes = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writes.add(new ArrayList<>());
            }
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                int provider = i % providers;
                String providerId = rawProviders.get(provider);
                Redemption r = new Redemption("RRAW" + round + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                        providerId, job.voucherId(), job.code(), "psychologist", LocalDate.parse(today),
                        RedemptionStatus.PENDING, null, now, now, null);
                consumerStore.open(r, new RedemptionStore.Claim(1, r.id()), null);
                VoucherFacts facts = voucherStore.facts(job.voucherId()).orElseThrow();
                writes.get(provider % threads).add(RedemptionItems.applyWrites(consumerStore, r, facts, rawHeads[provider]++, now));
            }
            return MintingThroughput.parallel(threads, threads, t -> {
                for (var transaction : writes.get(t)) {
                    dynamoDb.transactWriteItems(x -> x.transactItems(transaction));
                }
            });
        }

        /**
         * Every conditional write of a redemption, bare, through the same stores: the idempotency
         * record's conditional put, the transaction that records the redemption (claim, completion,
         * approval check), and the consumer's transaction; no reads (each thread owns its
         * providers' ledger heads), no HTTP, no Lambda, no queue.
         */
        long allWrites(List<Job> jobs) throws Exception {
            int providers = sizes.providers();
            int threads = sizes.threads();
            long[] heads = new long[providers];
            List<List<Job>> byThread = new ArrayList<>();
            List<List<VoucherFacts>> factsByThread = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byThread.add(new ArrayList<>());
                factsByThread.add(new ArrayList<>());
            }
            for (int p = 0; p < providers; p++) {
                heads[p] = consumerStore.ledgerHead(approved.get(p).id());
            }
            for (int i = 0; i < jobs.size(); i++) {
                Job job = new Job(jobs.get(i).code(), jobs.get(i).voucherId(), i % providers);
                byThread.get(job.provider() % threads).add(job);
                factsByThread.get(job.provider() % threads).add(voucherStore.facts(job.voucherId()).orElseThrow());
            }
            LocalDate day = LocalDate.parse(today);
            return MintingThroughput.parallel(threads, threads, t -> {
                List<Job> mine = byThread.get(t);
                for (int k = 0; k < mine.size(); k++) {
                    Job job = mine.get(k);
                    VoucherFacts facts = factsByThread.get(t).get(k);
                    String providerId = approved.get(job.provider()).id();
                    Instant now = Instant.now();
                    Redemption r = new Redemption("RALL" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                            providerId, job.voucherId(), job.code(), "psychologist", day, RedemptionStatus.PENDING, null, now, now,
                            null);
                    String body = "{\"code\":\"" + job.code() + "\",\"sessionDate\":\"" + today + "\"}";
                    idempotency.run(providerId, UUID.randomUUID().toString(), body, ticket -> {
                        Idempotency.Answer answer = new Idempotency.Answer(202, "{\"redemptionId\":\"" + r.id() + "\"}");
                        Idempotency.Completion completion = ticket.completion(answer);
                        endpointStore.open(r, new RedemptionStore.Claim(1, r.id()), null, completion);
                        completion.written();
                        return answer;
                    });
                    if (consumerStore.apply(r, facts, heads[job.provider()]++, now) != RedemptionStore.Outcome.APPLIED) {
                        throw new IllegalStateException("Raw redemption not applied: " + r.id());
                    }
                }
            });
        }
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int index = (int) Math.ceil(p / 100 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, index))];
    }

}
