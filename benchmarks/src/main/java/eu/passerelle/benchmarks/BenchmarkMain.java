package eu.passerelle.benchmarks;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one command: JMH lookup benchmarks, then cold starts, then the other parts ({@link #PARTS}:
 * provider search, voucher crypto, minting, end-to-end redemption, reimbursement run), then a
 * summary with the goals.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar            # full: the figures of the README
 * java -jar benchmarks/target/benchmarks.jar --tiny     # CI: one short iteration, two cold starts each
 * </pre>
 *
 * Options: {@code --tiny}/{@code --full} (or {@code -Dbench.size=tiny|full}),
 * {@code --only=lookup,cold-start,search,crypto,minting,redemption,reimbursement} (or {@code -Dbench.only}; all by
 * default), {@code --jmh-only} (= {@code --only=lookup}), {@code --cold-start-only}, {@code --no-cds}. System properties: {@code bench.java} (the java of
 * the cold-start JVMs, default this one), {@code bench.functionsJar}, {@code bench.classes},
 * {@code bench.coldstart.runs}, {@code bench.coldstart.jvmArgs} (more flags for both cold-start
 * variants, space-separated: to try a JAVA_TOOL_OPTIONS change), {@code bench.coldstart.quietWaitMillis}
 * (how long each cold start may wait for idle CPUs; full size: 30 s, tiny: 0), {@code bench.include}
 * (a JMH regex for the lookup benchmarks), {@code bench.template} (template.yaml, found from the
 * working directory or the jar otherwise).
 */
public final class BenchmarkMain {

    /** In-function goal: p99 of a lookup through the Lambda entry point. */
    static final double LOOKUP_P99_GOAL_US = 1000;
    /** Cold-start goal: Spring function over plain handler, medians. */
    static final double COLD_START_RATIO_GOAL = 1.5;

    /** How much to run: full for the README, tiny for CI (well under two minutes). */
    public record Size(String name, int forks, int warmupIterations, int warmupMillis, int iterations,
                       int iterationMillis, int coldStartRuns, boolean cds) {
        static final Size FULL = new Size("full", 3, 4, 1000, 5, 1000, 7, true);
        static final Size TINY = new Size("tiny", 1, 1, 300, 1, 500, 2, false);
    }

    public record Config(Size size, boolean jmh, boolean coldStart, String coldStartJava, Path functionsJar,
                         Path benchmarkClasses, String include, PrintStream out) {
    }

    /** One JMH benchmark: percentiles in µs from SampleTime, ops/s from Throughput. */
    public record Latency(String benchmark, String label, double p50, double p99, double p999, double opsPerSecond,
                          double opsError, long samples, double bytesPerOp) {
    }

    /**
     * @param firstRequestAfterPrimingMs NaN when not measured
     * @param parts                      what the other parts ({@link #PARTS}) reported, in order
     */
    public record Summary(List<Latency> latencies, List<ColdStart.Result> coldStarts, double firstRequestAfterPrimingMs,
                          List<BenchmarkPart.Report> parts) {

        public Latency latency(String benchmark) {
            return latencies.stream().filter(l -> l.benchmark.equals(benchmark)).findFirst().orElse(null);
        }
    }

    static final String DEFAULT_INCLUDE = Pattern.quote(LookupBenchmarks.class.getName()) + "\\..*";

    /** The parts after the lookup and the cold start, in the order they run. */
    static final List<BenchmarkPart> PARTS = List.of(
            new ProviderSearchBenchmarks.Part(),
            new VoucherCryptoBenchmarks.Part(),
            new MintingThroughput(),
            new RedemptionThroughput(),
            new ReimbursementBenchmark.Part(),
            new DynamoDbEngineBenchmark());

    /** {@code --only=lookup,cold-start,search,…} (or -Dbench.only): which parts run; all by default. */
    static final String ONLY_PROPERTY = "bench.only";

    static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("lookupFunctionInvoker", "lookup, FunctionInvoker.handleRequest (event bytes)");
        LABELS.put("lookupPlainHandler", "lookup, plain RequestHandler + runtime serialisers");
        LABELS.put("directoryFind", "PostalCodeDirectory.find");
        LABELS.put("publicServicesNear", "PublicServiceDirectory.near, 15 km");
    }

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        String sizeName = a.contains("--tiny") ? "tiny" : a.contains("--full") ? "full"
                : System.getProperty("bench.size", "full");
        Size size = switch (sizeName) {
            case "tiny" -> Size.TINY;
            case "full" -> Size.FULL;
            default -> throw new IllegalArgumentException("bench.size is tiny or full, not " + sizeName);
        };
        if (a.contains("--no-cds")) {
            size = new Size(size.name, size.forks, size.warmupIterations, size.warmupMillis, size.iterations,
                    size.iterationMillis, size.coldStartRuns, false);
        }
        Integer runs = Integer.getInteger("bench.coldstart.runs");
        if (runs != null) {
            size = new Size(size.name, size.forks, size.warmupIterations, size.warmupMillis, size.iterations,
                    size.iterationMillis, runs, size.cds);
        }
        a.stream().filter(x -> x.startsWith("--only=")).findFirst()
                .ifPresent(x -> System.setProperty(ONLY_PROPERTY, x.substring("--only=".length())));
        if (a.contains("--jmh-only") || a.contains("--cold-start-only")) {
            System.setProperty(ONLY_PROPERTY, a.contains("--jmh-only") ? "lookup" : "cold-start");
        }
        Config config = new Config(size, selected("lookup"), selected("cold-start"),
                System.getProperty("bench.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                functionsJar(), benchmarkClasses(),
                System.getProperty("bench.include", DEFAULT_INCLUDE),
                System.out);
        int status = 1;
        try {
            run(config);
            status = 0;
        } finally {
            // ElasticMQ leaves non-daemon threads behind even once stopped.
            System.out.flush();
            System.exit(status);
        }
    }

    /** Whether {@code --only} (or {@code -Dbench.only}) selects a part; everything when absent. */
    static boolean selected(String part) {
        String only = System.getProperty(ONLY_PROPERTY, "").trim();
        return only.isEmpty() || Arrays.asList(only.split("\\s*,\\s*")).contains(part);
    }

    public static Summary run(Config config) throws Exception {
        PrintStream out = config.out;
        long start = System.nanoTime();
        List<Latency> latencies = config.jmh ? jmh(config) : List.of();
        double[] primed = {Double.NaN};
        List<ColdStart.Result> coldStarts = config.coldStart ? coldStart(config, primed) : List.of();
        List<BenchmarkPart.Report> parts = new ArrayList<>();
        for (BenchmarkPart part : PARTS) {
            if (selected(part.name())) {
                out.println("# Part " + part.name() + " (" + config.size.name + ")");
                parts.add(part.run(config));
            }
        }
        Summary summary = new Summary(latencies, coldStarts, primed[0], parts);
        print(summary, config, out);
        parts.forEach(p -> p.print(out));
        out.printf(Locale.ROOT, "(%s run in %.0f s)%n", config.size.name, (System.nanoTime() - start) / 1e9);
        return summary;
    }

    // ------------------------------------------------------------------ JMH

    static List<Latency> jmh(Config config) throws RunnerException {
        Map<String, Statistics> sampled = new LinkedHashMap<>();
        for (RunResult r : new Runner(options(config, config.include).mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS).build()).run()) {
            sampled.put(shortName(r.getParams().getBenchmark()), r.getPrimaryResult().getStatistics());
        }
        Map<String, double[]> throughput = new LinkedHashMap<>();
        // The GC profiler adds the allocation per operation: with Lambda's serial collector and
        // small young generation, it is what sets how often a request meets a GC pause.
        for (RunResult r : new Runner(options(config, config.include).mode(Mode.Throughput).timeUnit(TimeUnit.SECONDS)
                .addProfiler(GCProfiler.class).build()).run()) {
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            throughput.put(shortName(r.getParams().getBenchmark()),
                    new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                            alloc == null ? Double.NaN : alloc.getScore()});
        }
        List<Latency> latencies = new ArrayList<>();
        for (Map.Entry<String, Statistics> e : sampled.entrySet()) {
            Statistics s = e.getValue();
            double[] t = throughput.getOrDefault(e.getKey(), new double[] {Double.NaN, Double.NaN, Double.NaN});
            latencies.add(new Latency(e.getKey(), LABELS.getOrDefault(e.getKey(), e.getKey()),
                    s.getPercentile(50), s.getPercentile(99), s.getPercentile(99.9), t[0], t[1],
                    s.getN(), t[2]));
        }
        latencies.sort((x, y) -> Integer.compare(order(x.benchmark), order(y.benchmark)));
        return latencies;
    }

    private static int order(String benchmark) {
        int i = new ArrayList<>(LABELS.keySet()).indexOf(benchmark);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** JMH options at the config's size, with Lambda's JVM flags, for the benchmarks {@code include} matches. */
    static ChainedOptionsBuilder options(Config config, String include) {
        Size size = config.size;
        return new OptionsBuilder()
                .include(include)
                .forks(size.forks)
                .warmupIterations(size.warmupIterations)
                .warmupTime(TimeValue.milliseconds(size.warmupMillis))
                .measurementIterations(size.iterations)
                .measurementTime(TimeValue.milliseconds(size.iterationMillis))
                // Lambda's own JIT and GC settings, as in the cold-start runs (-Xshare is moot here).
                .jvmArgsAppend(ColdStart.LAMBDA_LIKE_FLAGS.stream().filter(f -> !f.startsWith("-Xshare"))
                        .toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL);
    }

    private static String shortName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    // ------------------------------------------------------------------ cold start

    static List<ColdStart.Result> coldStart(Config config, double[] firstRequestAfterPriming) throws IOException {
        Path work = Files.createTempDirectory("passerelle-coldstart");
        try {
            Path event = work.resolve("lookup-postal-code-75018.json");
            Files.write(event, Events.lookupEvent());
            List<String> flags = new ArrayList<>(ColdStart.LAMBDA_LIKE_FLAGS);
            String extra = System.getProperty("bench.coldstart.jvmArgs", "").trim();
            if (!extra.isEmpty()) {
                flags.addAll(List.of(extra.split("\\s+")));
            }
            // On a shared machine, wait (up to 30 s a run) for other processes to calm down: a busy
            // CPU inflates Spring, with its background threads, more than the plain handler.
            ColdStart coldStart = new ColdStart(config.coldStartJava, flags,
                    config.functionsJar, config.benchmarkClasses, event)
                    .waitingForQuiet(Long.getLong("bench.coldstart.quietWaitMillis", config.size.coldStartRuns > 2 ? 30_000 : 0));
            int runs = config.size.coldStartRuns;
            List<ColdStart.Result> results = new ArrayList<>();
            config.out.println("# Cold start: " + runs + " runs of each, alternated, " + config.coldStartJava);
            results.add(coldStart.measure("JVM default CDS archive (-Xshare:auto)", runs, List.of(), Map.of()));
            config.out.println("# " + describe(results.get(0)));
            if (config.size.cds) {
                // AppCDS: one archive per variant, each trained on its own first request.
                Map<ColdStart.Variant, List<String>> archives = new LinkedHashMap<>();
                for (ColdStart.Variant v : ColdStart.Variant.values()) {
                    Path archive = work.resolve(v.arg + ".jsa");
                    coldStart.train(v, List.of("-XX:ArchiveClassesAtExit=" + archive));
                    archives.put(v, List.of("-XX:SharedArchiveFile=" + archive));
                }
                results.add(coldStart.measure("AppCDS archive per variant (-XX:SharedArchiveFile)", runs, List.of(), archives));
                config.out.println("# " + describe(results.get(1)));
            }
            firstRequestAfterPriming[0] = coldStart.firstRequestAfterPriming(Math.max(1, (runs + 1) / 2));
            if (coldStart.noisyRuns() > 0) {
                config.out.println("# WARNING: " + coldStart.noisyRuns() + " cold-start runs started on a busy machine:"
                        + " their figures are inflated, Spring's more than plain's");
            }
            return results;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted((x, y) -> y.compareTo(x)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String describe(ColdStart.Result r) {
        return String.format(Locale.ROOT, "%s: spring %.0f ms, plain %.0f ms, ratio %.2f", r.title(),
                r.median(ColdStart.Variant.SPRING), r.median(ColdStart.Variant.PLAIN), r.ratio());
    }

    // ------------------------------------------------------------------ summary

    static void print(Summary summary, Config config, PrintStream out) {
        Size size = config.size;
        out.println();
        out.println("=== Passerelle benchmarks (" + size.name + ") === " + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java " + System.getProperty("java.version") + "; cold starts with " + config.coldStartJava);
        if (!summary.latencies.isEmpty()) {
            out.printf(Locale.ROOT, "In-function, warm, full reference data. JMH %d fork(s) x %d x %d ms after %d x %d ms warm-up,"
                            + " JVM flags %s%n", size.forks, size.iterations, size.iterationMillis,
                    size.warmupIterations, size.warmupMillis, ColdStart.LAMBDA_LIKE_FLAGS.subList(0, 2));
            out.printf(Locale.ROOT, "%-54s %9s %9s %9s %12s %10s %9s%n", "benchmark", "p50 µs", "p99 µs", "p99.9 µs",
                    "ops/s", "B/op", "samples");
            for (Latency l : summary.latencies) {
                out.printf(Locale.ROOT, "%-54s %9.2f %9.2f %9.2f %12.0f %10.0f %9d%n", l.label, l.p50, l.p99, l.p999,
                        l.opsPerSecond, l.bytesPerOp, l.samples);
            }
            Latency lookup = summary.latency("lookupFunctionInvoker");
            Latency find = summary.latency("directoryFind");
            Latency plain = summary.latency("lookupPlainHandler");
            if (lookup != null) {
                out.printf(Locale.ROOT, "Goal lookup p99 < %.0f µs through FunctionInvoker: %s (p99 %.1f µs, %.1f%% of the budget)%n",
                        LOOKUP_P99_GOAL_US, lookup.p99 < LOOKUP_P99_GOAL_US ? "MET" : "NOT MET", lookup.p99,
                        100 * lookup.p99 / LOOKUP_P99_GOAL_US);
                if (plain != null) {
                    out.printf(Locale.ROOT, "Ratio FunctionInvoker / plain handler: p50 %.2fx, p99 %.2fx, throughput %.2fx%n",
                            lookup.p50 / plain.p50, lookup.p99 / plain.p99, plain.opsPerSecond / lookup.opsPerSecond);
                }
                if (find != null) {
                    out.printf(Locale.ROOT, "Ratio FunctionInvoker / bare find: throughput %.0fx%n",
                            find.opsPerSecond / lookup.opsPerSecond);
                }
            }
        }
        if (!summary.coldStarts.isEmpty() && !Double.isNaN(summary.firstRequestAfterPrimingMs)) {
            out.println();
            out.printf(Locale.ROOT, "SnapStart-like: first request after the priming hook %.1f ms, against %.0f ms for the"
                            + " first call of an unprimed cold start (restore time not modelled)%n",
                    summary.firstRequestAfterPrimingMs,
                    summary.coldStarts.get(0).medianOf(ColdStart.Variant.SPRING, ColdStart.Run::firstInvokeMs));
        }
        for (ColdStart.Result r : summary.coldStarts) {
            out.println();
            out.printf(Locale.ROOT, "Cold start, fresh JVM to first response, %s; flags %s%n", r.title(),
                    ColdStart.LAMBDA_LIKE_FLAGS);
            out.printf(Locale.ROOT, "%-42s %9s %12s %9s %12s %8s   %s%n", "variant", "median ms", "JVM→main ms",
                    "init ms", "1st call ms", "CPU ms", "all runs ms");
            for (ColdStart.Variant v : ColdStart.Variant.values()) {
                out.printf(Locale.ROOT, "%-42s %9.0f %12.0f %9.0f %12.0f %8.0f   %s%n", v.label(), r.median(v),
                        r.medianOf(v, ColdStart.Run::jvmToMainMs), r.medianOf(v, ColdStart.Run::initMs),
                        r.medianOf(v, ColdStart.Run::firstInvokeMs), r.medianOf(v, ColdStart.Run::cpuMs),
                        r.runs().get(v).stream().map(x -> String.format(Locale.ROOT, "%.0f", x.totalMs()))
                                .collect(Collectors.joining(" ")));
            }
            out.printf(Locale.ROOT, "Ratio Spring / plain: %.2fx (CPU %.2fx, Spring's extra %.0f ms) — goal ≤ %.1fx: %s%n",
                    r.ratio(), r.medianOf(ColdStart.Variant.SPRING, ColdStart.Run::cpuMs)
                            / r.medianOf(ColdStart.Variant.PLAIN, ColdStart.Run::cpuMs),
                    r.median(ColdStart.Variant.SPRING) - r.median(ColdStart.Variant.PLAIN),
                    COLD_START_RATIO_GOAL, r.ratio() <= COLD_START_RATIO_GOAL ? "MET" : "NOT MET");
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    // ------------------------------------------------------------------ locations

    /** Where these classes are: target/classes, or the uber jar whose thin twin sits beside it. */
    static Path benchmarkClasses() {
        String configured = System.getProperty("bench.classes");
        if (configured != null) {
            return Path.of(configured);
        }
        Path self = codeSource();
        if (Files.isDirectory(self)) {
            return self;
        }
        Path thin = self.resolveSibling("passerelle-benchmarks.jar");
        if (!Files.isRegularFile(thin)) {
            throw new IllegalStateException(thin + " is missing (the benchmark classes alone): mvn -pl benchmarks -am package");
        }
        return thin;
    }

    static Path functionsJar() {
        String configured = System.getProperty("bench.functionsJar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path self = codeSource();
        // benchmarks/target/benchmarks.jar or benchmarks/target/classes → functions/target/.
        Path beside = self.getParent().getParent().resolveSibling("functions").resolve("target/passerelle-functions.jar");
        if (Files.isRegularFile(beside)) {
            return beside;
        }
        return Path.of("functions/target/passerelle-functions.jar");
    }

    private static Path codeSource() {
        try {
            return Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
