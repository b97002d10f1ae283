package eu.passerelle.benchmarks;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DynamoDB-compatible engine (dynamodb-engine/) on the calls this project makes, each server in
 * a JVM of its own (-Xmx1g) and the SDK v2 client (URL connection HTTP client, as the functions use)
 * in this one: conditional PutItem from one thread and from eight, a 4-item TransactWriteItems, a
 * GSI Query page of 100 items, a BatchGetItem of 100 keys; then 1,000,000 items of ≈ 250 B in the
 * engine's heap (full size). Rounds alternate the servers and the best round of each counts (the
 * machine is shared). The comparison with DynamoDB Local, which the engine replaced, was measured
 * with this class before DynamoDB Local left the build (dynamodb-engine/README.md, "Speed"); it now
 * compares the engine in memory with the engine on a data directory (every write forced to disk).
 * Goal: 1M items in ≤ 1 GB of heap.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar eu.passerelle.benchmarks.DynamoDbEngineBenchmark [--tiny]
 * </pre>
 */
public final class DynamoDbEngineBenchmark implements BenchmarkPart {

    private static final String TABLE = "bench";
    private static final String PAYLOAD = "p".repeat(170);
    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");

    /** A server under test: how to start it in its own JVM. */
    record Server(String label, List<String> arguments) {
    }

    /** Workload sizes. */
    record Sizes(int singlePuts, int threadedPutsPerThread, int transactions, int preload, int queries, int batchGets,
                 int rounds, int millionItems) {
        static final Sizes FULL = new Sizes(3000, 1500, 1000, 10_000, 1000, 500, 2, 1_000_000);
        static final Sizes TINY = new Sizes(150, 40, 40, 1000, 40, 20, 1, 0);
    }

    private static final String[] WORKLOADS = {"conditional PutItem, 1 thread", "conditional PutItem, 8 threads",
            "TransactWriteItems of 4 puts", "GSI Query page (100 items)", "BatchGetItem of 100 keys",
            "conditional PutItem, no SDK, 1 thread"};

    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public Report run(BenchmarkMain.Config config) throws Exception {
        return measure(BenchmarkPart.full(config) ? Sizes.FULL : Sizes.TINY, servers(), config.out());
    }

    public static void main(String[] args) throws Exception {
        boolean tiny = List.of(args).contains("--tiny");
        Report report = measure(tiny ? Sizes.TINY : Sizes.FULL, servers(), System.out);
        report.print(System.out);
        System.exit(0);
    }

    /** The engine in memory and on a data directory. */
    static List<Server> servers() {
        List<Server> servers = new ArrayList<>();
        servers.add(new Server("engine (in memory)", List.of("eu.passerelle.dynamodb.Main", "--port", "0", "--in-memory")));
        servers.add(new Server("engine (data dir, fsync)", List.of("eu.passerelle.dynamodb.Main", "--port", "0", "--data", "@DATA@")));
        return servers;
    }

    static Report measure(Sizes sizes, List<Server> servers, PrintStream out) throws Exception {
        Map<String, Map<String, Double>> best = new LinkedHashMap<>();
        for (int round = 0; round < sizes.rounds(); round++) {
            for (Server server : servers) {
                try (Child child = Child.start(server, "-Xmx1g", "-XX:+UseG1GC");
                     DynamoDbClient client = client(child.endpoint)) {
                    Map<String, Double> figures = workloads(client, sizes);
                    AtomicLong raw = new AtomicLong();
                    timed(() -> rawPut(child.endpoint, raw), sizes.singlePuts() / 3, 1);
                    figures.put(WORKLOADS[5], timed(() -> rawPut(child.endpoint, raw), sizes.singlePuts(), 1));
                    out.printf(Locale.ROOT, "round %d, %s: %s%n", round + 1, server.label(), figures);
                    Map<String, Double> kept = best.computeIfAbsent(server.label(), l -> new LinkedHashMap<>());
                    figures.forEach((k, v) -> kept.merge(k, v, Math::max));
                }
            }
        }
        Report.Builder report = Report.titled("DynamoDB-compatible engine (operations per second, best of " + sizes.rounds()
                + " rounds; each server in its own JVM, -Xmx1g)");
        String reference = servers.size() > 1 ? servers.get(0).label() : null;
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-34s", "workload"));
        best.keySet().forEach(label -> header.append(String.format(Locale.ROOT, " | %28s", label)));
        if (reference != null) {
            header.append(" | data dir ÷ in memory");
        }
        report.line("%s", header);
        for (String workload : WORKLOADS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s", workload));
            for (Map.Entry<String, Map<String, Double>> server : best.entrySet()) {
                double opsPerSecond = server.getValue().get(workload);
                line.append(String.format(Locale.ROOT, " | %28.0f", opsPerSecond));
                report.figure(server.getKey() + ": " + workload, opsPerSecond);
            }
            if (reference != null) {
                double ratio = best.get(servers.get(1).label()).get(workload) / best.get(reference).get(workload);
                line.append(String.format(Locale.ROOT, " | %.2f ×", ratio));
                report.figure("durable ratio: " + workload, ratio);
            }
            report.line("%s", line);
        }
        if (sizes.millionItems() > 0) {
            double megabytes = millionItemsHeap(sizes.millionItems(), out);
            report.figure("heap after " + sizes.millionItems() + " items (MB)", megabytes);
            report.goal("1,000,000 items of ≈ 250 B in ≤ 1 GB of heap", megabytes <= 1024,
                    "%.0f MB used after a full GC, engine JVM at -Xmx1g", megabytes);
        }
        return report.build();
    }

    private static Map<String, Double> workloads(DynamoDbClient client, Sizes sizes) throws Exception {
        client.createTable(r -> r.tableName(TABLE).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"), a -> a.attributeName("grp").attributeType("S"),
                        a -> a.attributeName("ord").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .globalSecondaryIndexes(g -> g.indexName("byGroup")
                        .keySchema(k -> k.attributeName("grp").keyType("HASH"), k -> k.attributeName("ord").keyType("RANGE"))
                        .projection(p -> p.projectionType("ALL"))));
        Map<String, Double> figures = new LinkedHashMap<>();
        AtomicLong ids = new AtomicLong();

        Runnable put = () -> client.putItem(r -> r.tableName(TABLE).item(item("put-" + ids.incrementAndGet()))
                .conditionExpression("attribute_not_exists(pk)"));
        timed(put, sizes.singlePuts() / 3, 1);
        figures.put(WORKLOADS[0], timed(put, sizes.singlePuts(), 1));
        timed(put, sizes.threadedPutsPerThread() / 3, 8);
        figures.put(WORKLOADS[1], timed(put, sizes.threadedPutsPerThread(), 8));

        Runnable transaction = () -> {
            List<TransactWriteItem> items = new ArrayList<>(4);
            for (int i = 0; i < 4; i++) {
                Map<String, AttributeValue> item = item("tx-" + ids.incrementAndGet());
                items.add(TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(pk)")).build());
            }
            client.transactWriteItems(r -> r.transactItems(items));
        };
        timed(transaction, sizes.transactions() / 3, 1);
        figures.put(WORKLOADS[2], timed(transaction, sizes.transactions(), 1));

        // GSI partitions of 200 items each: a Query page (Limit 100) is always full.
        int groups = Math.max(1, sizes.preload() / 200);
        for (int start = 0; start < sizes.preload(); start += 25) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = start; i < Math.min(start + 25, sizes.preload()); i++) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("pre-" + i, "g" + i % groups)).build()).build());
            }
            client.batchWriteItem(r -> r.requestItems(Map.of(TABLE, writes)));
        }
        Runnable query = () -> {
            String group = "g" + ThreadLocalRandom.current().nextInt(groups);
            int count = client.query(r -> r.tableName(TABLE).indexName("byGroup").keyConditionExpression("grp = :g")
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(group))).limit(100)).count();
            if (count != Math.min(100, sizes.preload() / groups)) {
                throw new IllegalStateException("a GSI page of " + count + " items");
            }
        };
        timed(query, sizes.queries() / 3, 1);
        figures.put(WORKLOADS[3], timed(query, sizes.queries(), 1));

        Runnable batchGet = () -> {
            List<Map<String, AttributeValue>> keys = new ArrayList<>(100);
            int first = ThreadLocalRandom.current().nextInt(Math.max(1, sizes.preload() - 100));
            for (int i = first; i < first + 100; i++) {
                keys.add(Map.of("pk", AttributeValue.fromS("pre-" + i)));
            }
            int found = client.batchGetItem(r -> r.requestItems(Map.of(TABLE, KeysAndAttributes.builder().keys(keys).build())))
                    .responses().get(TABLE).size();
            if (found != Math.min(100, sizes.preload())) {
                throw new IllegalStateException("BatchGetItem found " + found);
            }
        };
        timed(batchGet, sizes.batchGets() / 3, 1);
        figures.put(WORKLOADS[4], timed(batchGet, sizes.batchGets(), 1));
        return figures;
    }

    /**
     * The same conditional PutItem without the SDK (one buffered HttpURLConnection write, no
     * signature): what the server itself costs per call, the SDK's own work left out.
     */
    private static void rawPut(URI endpoint, AtomicLong ids) {
        String pk = "raw-" + ids.incrementAndGet();
        byte[] body = ("{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"grp\":{\"S\":\"x1\"},"
                + "\"ord\":{\"S\":\"2026-12-03T10:00:00Z#" + pk + "\"},\"amount\":{\"N\":\"1\"},\"payload\":{\"S\":\"" + PAYLOAD + "\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(pk)\"}").getBytes(StandardCharsets.UTF_8);
        try {
            java.net.HttpURLConnection http = (java.net.HttpURLConnection) endpoint.toURL().openConnection();
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
            http.setRequestProperty("X-Amz-Target", "DynamoDB_20120810.PutItem");
            http.setRequestProperty("X-Amz-Date", "20261203T100000Z");
            http.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=bench/20261203/eu-west-3/dynamodb/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000");
            try (var out = http.getOutputStream()) {
                out.write(body);
            }
            int status = http.getResponseCode();
            try (var in = status == 200 ? http.getInputStream() : http.getErrorStream()) {
                byte[] answer = in.readAllBytes();
                if (status != 200) {
                    throw new IllegalStateException("raw PutItem: " + status + " " + new String(answer, StandardCharsets.UTF_8));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** ≈ 250 B as DynamoDB counts it: key, GSI key, a number and a 170-character payload. */
    static Map<String, AttributeValue> item(String pk) {
        return item(pk, "x" + Math.abs(pk.hashCode()) % 50);
    }

    /** An item in GSI partition {@code group}. */
    static Map<String, AttributeValue> item(String pk, String group) {
        int n = Math.abs(pk.hashCode());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("grp", AttributeValue.fromS(group));
        item.put("ord", AttributeValue.fromS(String.format(Locale.ROOT, "2026-12-03T10:%02d:%02dZ#%s", n % 60, (n / 60) % 60, pk)));
        item.put("amount", AttributeValue.fromN(Integer.toString(n % 100_000)));
        item.put("payload", AttributeValue.fromS(PAYLOAD));
        return item;
    }

    /** Operations per second of {@code calls} calls spread over {@code threads} threads. */
    private static double timed(Runnable call, int calls, int threads) throws Exception {
        if (calls <= 0) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        call.run();
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return calls * (double) threads / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Loads {@code count} items into an engine at -Xmx1g and reads its heap after a full GC, in MB. */
    private static double millionItemsHeap(int count, PrintStream out) throws Exception {
        Server engine = new Server("engine (in memory)", List.of("eu.passerelle.dynamodb.Main", "--port", "0", "--in-memory"));
        try (Child child = Child.start(engine, "-Xmx1g", "-XX:+UseG1GC");
             DynamoDbClient client = client(child.endpoint)) {
            client.createTable(r -> r.tableName(TABLE).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            timed(() -> {
                long first = next.getAndAdd(25);
                if (first >= count) {
                    return;
                }
                List<WriteRequest> writes = new ArrayList<>(25);
                for (long i = first; i < Math.min(first + 25, count); i++) {
                    writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item("pre-" + i)).build()).build());
                }
                client.batchWriteItem(r -> r.requestItems(Map.of(TABLE, writes)));
            }, count / 25 / 8 + 1, 8);
            double seconds = (System.nanoTime() - start) / 1e9;
            long items = client.describeTable(r -> r.tableName(TABLE)).table().itemCount();
            jcmd(child.process.pid(), "GC.run");
            String heap = jcmd(child.process.pid(), "GC.heap_info");
            Matcher used = HEAP_USED.matcher(heap);
            if (!used.find() || items != count) {
                throw new IllegalStateException("items " + items + ", heap " + heap);
            }
            double megabytes = Long.parseLong(used.group(1)) / 1024.0;
            out.printf(Locale.ROOT, "%,d items loaded in %.1f s (%.0f items/s); heap used after full GC: %.0f MB%n",
                    items, seconds, items / seconds, megabytes);
            return megabytes;
        }
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_3)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /** A server JVM on this class path. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final URI endpoint;
        final Path data;

        private Child(Process process, URI endpoint, Path data) {
            this.process = process;
            this.endpoint = endpoint;
            this.data = data;
        }

        static Child start(Server server, String... jvmFlags) throws Exception {
            Path data = Files.createTempDirectory("engine-bench");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(jvmFlags));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            server.arguments().forEach(a -> command.add(a.replace("@DATA@", data.toString())));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                int at = line.indexOf("http://");
                if (at >= 0) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (lines.readLine() != null) {
                                // keep the pipe from filling
                            }
                        } catch (Exception ignored) {
                            // the child stopped
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new Child(process, URI.create(line.substring(at).trim()), data);
                }
            }
            throw new IllegalStateException(server.label() + " did not start");
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
