package eu.passerelle.benchmarks;

import eu.passerelle.functions.redemption.LedgerItems;
import eu.passerelle.functions.reimbursement.DynamoReimbursementStore;
import eu.passerelle.functions.reimbursement.SepaPaymentFiles;
import eu.passerelle.reimbursement.Payee;
import eu.passerelle.reimbursement.Pricing;
import eu.passerelle.reimbursement.ReimbursementRuns;
import eu.passerelle.reimbursement.Run;
import eu.passerelle.vouchers.RuleBook;
import eu.passerelle.vouchers.RuleVersion;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 6's benchmark: a reimbursement run over N redemptions across P providers on DynamoDB
 * Local (its own JVM), against a bare read of the same ledger entries, in the same process and
 * the same run; and the run's peak heap.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar --reimbursement-only [--tiny]   # tiny: 2,000 / 50
 * java -Xmx256m -jar benchmarks/target/benchmarks.jar --reimbursement-only   # full: 1,000,000 / 10,000
 * </pre>
 *
 * Sizes can be set with {@code -Dbench.reimbursement.redemptions=N -Dbench.reimbursement.providers=P}.
 */
public final class ReimbursementBenchmark {

    /** Goals of issue 6. */
    static final double RATIO_GOAL = 2.0;
    static final long HEAP_GOAL_MB = 256;

    public record Result(long redemptions, int providers, double seedSeconds, double bareReadSeconds,
                         double runSeconds, long peakHeapMb, long controlSumCents, int statements, String status,
                         String breakdown) {

        double ratio() {
            return runSeconds / bareReadSeconds;
        }
    }

    private ReimbursementBenchmark() {
    }

    /** The benchmark as a part of the one command ({@code --only=reimbursement}). */
    static final class Part implements BenchmarkPart {

        @Override
        public String name() {
            return "reimbursement";
        }

        @Override
        public Report run(BenchmarkMain.Config config) throws Exception {
            Result r = ReimbursementBenchmark.run(!BenchmarkPart.full(config), config.out());
            return Report.titled(String.format(Locale.ROOT,
                            "Reimbursement run, %,d redemptions across %,d providers, DynamoDB engine (own JVM), %d CPUs",
                            r.redemptions(), r.providers(), Runtime.getRuntime().availableProcessors()))
                    .figure("bareReadSeconds", r.bareReadSeconds())
                    .figure("runSeconds", r.runSeconds())
                    .figure("runOverBareRead", r.ratio())
                    .figure("peakHeapMb", r.peakHeapMb())
                    .figure("statements", r.statements())
                    .line("  seeding %.1f s; bare read of the ledger entries %.1f s (%.0f items/s); run %.1f s (%.0f redemptions/s)",
                            r.seedSeconds(), r.bareReadSeconds(), r.redemptions() / r.bareReadSeconds(), r.runSeconds(),
                            r.redemptions() / r.runSeconds())
                    .line("  run %s: %,d statements, control sum %,.2f €", r.status(), r.statements(),
                            r.controlSumCents() / 100.0)
                    .line("  where the run's time goes: %s", r.breakdown())
                    .goal("reimbursement run ≤ " + RATIO_GOAL + " × bare read", r.ratio() <= RATIO_GOAL, "%.2f×", r.ratio())
                    .goal("reimbursement peak heap ≤ " + HEAP_GOAL_MB + " MB", r.peakHeapMb() <= HEAP_GOAL_MB,
                            "%d MB, max heap %d MB", r.peakHeapMb(), Runtime.getRuntime().maxMemory() / (1024 * 1024))
                    .build();
        }
    }

    public static Result run(boolean tiny, PrintStream out) throws Exception {
        long redemptions = Long.getLong("bench.reimbursement.redemptions", tiny ? 2_000 : 1_000_000);
        int providers = Integer.getInteger("bench.reimbursement.providers", tiny ? 50 : 10_000);
        Process server = startDynamoDb();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            URI endpoint = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("ENDPOINT ")) {
                    endpoint = URI.create(line.substring("ENDPOINT ".length()).trim());
                    break;
                }
            }
            if (endpoint == null) {
                throw new IllegalStateException("the DynamoDB engine did not start");
            }
            try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_3)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                return measure(db, redemptions, providers, out);
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Process startDynamoDb() throws Exception {
        Path local = Path.of(System.getProperty("bench.localJar", BenchmarkMain.functionsJar().getParent().getParent()
                .resolveSibling("infrastructure").resolve("target/passerelle-local.jar").toString()));
        if (!Files.isRegularFile(local)) {
            throw new IllegalStateException(local + " is missing: mvn -B -q package -DskipTests");
        }
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = BenchmarkMain.benchmarkClasses() + java.io.File.pathSeparator + local;
        return new ProcessBuilder(javaCommand, "-Xmx2g", "-cp", classpath,
                DynamoDbServer.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static Result measure(DynamoDbClient db, long redemptions, int providers, PrintStream out) throws Exception {
        String ledger = "bench-LedgerTable";
        String reimbursement = "bench-ReimbursementTable";
        createTables(db, ledger, reimbursement);
        out.printf(Locale.ROOT, "# Reimbursement run: seeding %,d ledger entries across %,d providers…%n", redemptions, providers);
        long t0 = System.nanoTime();
        seed(db, ledger, redemptions, providers);
        double seed = (System.nanoTime() - t0) / 1e9;

        // Bare read before and after the run, the fastest counting: both see the same items.
        double bare1 = bareRead(db, ledger, providers, redemptions);
        DynamoReimbursementStore store = new DynamoReimbursementStore(db, reimbursement, ledger);
        TimedReimbursementStore timed = new TimedReimbursementStore(store);
        ReimbursementRuns runs = new ReimbursementRuns(timed, () -> new Pricing(new RuleBook(List.of(RuleVersion.initial()))),
                id -> Optional.of(new Payee(id, "Cabinet " + id, "FR7630006000011234567890189", "AGRIFRPP")),
                new SepaPaymentFiles(new SepaPaymentFiles.Debtor("Programme Passerelle", "FR7610107001011234567890129", "BNPAFRPP")),
                Clock.systemUTC());
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t1 = System.nanoTime();
        Run run = runs.startScheduled(Instant.now());
        ReimbursementRuns.Progress progress = runs.execute(run.id(), Instant.now().plusSeconds(86_400));
        double runSeconds = (System.nanoTime() - t1) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
        double bare2 = bareRead(db, ledger, providers, redemptions);
        Run done = store.run(run.id()).orElseThrow();
        if (progress != ReimbursementRuns.Progress.DONE || done.linesCount() != redemptions || done.providersDone() != providers) {
            throw new IllegalStateException("The run did not settle everything: " + done);
        }
        return new Result(redemptions, providers, seed, Math.min(bare1, bare2), runSeconds, peak,
                done.controlSumCents(), done.providersDone(), done.status().name(), timed.breakdown(runSeconds));
    }

    /** Every ledger entry of every provider, read as the run reads them (consistent queries), counted. */
    static double bareRead(DynamoDbClient db, String ledger, int providers, long expected) {
        long t = System.nanoTime();
        long count = 0;
        for (int p = 0; p < providers; p++) {
            QueryRequest q = QueryRequest.builder().tableName(ledger)
                    .keyConditionExpression("pk = :ledger AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":ledger", AttributeValue.fromS("LEDGER#" + provider(p)),
                            ":from", AttributeValue.fromS(LedgerItems.entrySortKey(1)),
                            ":to", AttributeValue.fromS(LedgerItems.entrySortKey(999_999_999_999L))))
                    .consistentRead(true).limit(1000).build();
            for (QueryResponse page : db.queryPaginator(q)) {
                count += page.count();
            }
        }
        if (count != expected) {
            throw new IllegalStateException("Read " + count + " entries, expected " + expected);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    static String provider(int p) {
        return String.format("prov-%05d", p);
    }

    private static void seed(DynamoDbClient db, String ledger, long redemptions, int providers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong written = new AtomicLong();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>();
                    for (int p = thread; p < providers; p += 4) {
                        long count = redemptions / providers + (p < redemptions % providers ? 1 : 0);
                        String id = provider(p);
                        for (long seq = 1; seq <= count; seq++) {
                            batch.add(put(entry(id, seq)));
                            if (batch.size() == 25) {
                                write(db, ledger, batch);
                                written.addAndGet(25);
                            }
                        }
                        batch.add(put(Map.of("pk", AttributeValue.fromS("LEDGER#" + id), "sk", AttributeValue.fromS("HEAD"),
                                "seq", AttributeValue.fromN(Long.toString(count)),
                                "gsi3pk", AttributeValue.fromS(LedgerItems.ledgerShard(id)), "gsi3sk", AttributeValue.fromS(id))));
                        if (batch.size() == 25) {
                            write(db, ledger, batch);
                        }
                    }
                    if (!batch.isEmpty()) {
                        write(db, ledger, batch);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, AttributeValue> entry(String provider, long seq) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("LEDGER#" + provider));
        item.put("sk", AttributeValue.fromS(LedgerItems.entrySortKey(seq)));
        item.put("seq", AttributeValue.fromN(Long.toString(seq)));
        item.put("kind", AttributeValue.fromS("REDEMPTION"));
        item.put("redemptionId", AttributeValue.fromS(provider + "-r" + seq));
        item.put("voucherId", AttributeValue.fromS(provider + "-v" + seq));
        item.put("code", AttributeValue.fromS("PSY-" + Long.toString(seq * 7919 + provider.hashCode(), 36).toUpperCase(Locale.ROOT)));
        item.put("service", AttributeValue.fromS("psychologist"));
        item.put("sessionDate", AttributeValue.fromS(LocalDate.of(2026, 1, 5).plusDays(seq % 300).toString()));
        item.put("ruleSequence", AttributeValue.fromN("1"));
        item.put("incomeTier", AttributeValue.fromS(seq % 3 == 0 ? "B" : "A"));
        item.put("sign", AttributeValue.fromN("1"));
        item.put("at", AttributeValue.fromS("2026-11-01T10:00:00Z"));
        return item;
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static void write(DynamoDbClient db, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(batch));
        batch.clear();
        while (!request.isEmpty()) {
            Map<String, List<WriteRequest>> ask = request;
            BatchWriteItemResponse response = db.batchWriteItem(b -> b.requestItems(ask));
            request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    private static void createTables(DynamoDbClient db, String ledger, String reimbursement) {
        db.createTable(c -> c.tableName(ledger).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk"), attr("sk"), attr("gsi3pk"), attr("gsi3sk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(LedgerItems.LEDGERS)
                        .keySchema(key("gsi3pk", KeyType.HASH), key("gsi3sk", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        db.createTable(c -> c.tableName(reimbursement).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk"), attr("sk"), attr("gsi1pk"), attr("gsi1sk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(DynamoReimbursementStore.BY_PROVIDER)
                        .keySchema(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(DynamoReimbursementStore.SUMMARY_ATTRIBUTES).build()).build()));
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
