package eu.passerelle.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: a fresh JVM per run, timed from process spawn to the first response line of
 * {@link ColdStartMain}, for the Spring function ({@code FunctionInvoker}) and the plain
 * {@link PlainLookupHandler}. Both get the same JVM flags, classpath (functions jar + benchmark
 * classes) and environment; runs alternate between them (S P, P S, S P, ...) after one untimed
 * run of each to warm the page cache.
 */
public final class ColdStart {

    /** Lambda-like: C1 only, serial GC, 1 GB of memory, the JDK's default CDS archive if any. */
    public static final List<String> LAMBDA_LIKE_FLAGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:MaxRAM=1g");

    public enum Variant {
        SPRING("spring", "Spring Cloud Function (FunctionInvoker)"),
        PLAIN("plain", "plain RequestHandler");

        final String arg;
        final String label;

        Variant(String arg, String label) {
            this.arg = arg;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One timed run; the child's own clock splits it (spawn → main → handler ready → response). */
    public record Run(double totalMs, double jvmToMainMs, double initMs, double firstInvokeMs, double cpuMs) {
    }

    public record Result(String title, Map<Variant, List<Run>> runs) {

        public double median(Variant v) {
            return BenchmarkMain.median(runs.get(v).stream().mapToDouble(Run::totalMs).toArray());
        }

        public double medianOf(Variant v, java.util.function.ToDoubleFunction<Run> part) {
            return BenchmarkMain.median(runs.get(v).stream().mapToDouble(part).toArray());
        }

        public double ratio() {
            return median(Variant.SPRING) / median(Variant.PLAIN);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String java;
    private final List<String> jvmFlags;
    private final String classpath;
    private final Path event;

    /**
     * @param java          the java executable of the children
     * @param jvmFlags      flags given to both variants
     * @param functionsJar  the Lambda artifact, functions/target/passerelle-functions.jar
     * @param benchClasses  the benchmark classes alone (a directory or the thin benchmarks jar)
     * @param event         the API Gateway event file
     */
    public ColdStart(String java, List<String> jvmFlags, Path functionsJar, Path benchClasses, Path event) {
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.classpath = functionsJar.toAbsolutePath() + File.pathSeparator + benchClasses.toAbsolutePath();
        this.event = event;
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalStateException(functionsJar + " is missing: mvn -B -q -pl benchmarks -am package -DskipTests");
        }
    }

    /** Measures {@code runs} alternating pairs and checks both variants answered the same. */
    public Result measure(String title, int runs, List<String> extraFlags, Map<Variant, List<String>> perVariantFlags) {
        Map<Variant, List<Run>> results = new EnumMap<>(Variant.class);
        Map<Variant, String> bodies = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            results.put(v, new ArrayList<>());
            bodies.put(v, spawn(v, extraFlags, perVariantFlags.getOrDefault(v, List.of())).body);
        }
        if (!bodies.get(Variant.SPRING).equals(bodies.get(Variant.PLAIN))) {
            throw new IllegalStateException("The variants do not answer the same:\n spring: "
                    + bodies.get(Variant.SPRING) + "\n plain:  " + bodies.get(Variant.PLAIN));
        }
        for (int i = 0; i < runs; i++) {
            Variant[] order = i % 2 == 0
                    ? new Variant[] {Variant.SPRING, Variant.PLAIN}
                    : new Variant[] {Variant.PLAIN, Variant.SPRING};
            for (Variant v : order) {
                Spawned s = spawn(v, extraFlags, perVariantFlags.getOrDefault(v, List.of()));
                results.get(v).add(s.run);
            }
        }
        return new Result(title, results);
    }

    /**
     * The first request after the SnapStart priming hook ran, as a restored snapshot would serve it
     * (the restore itself is not modelled): median of {@code runs}, in ms.
     */
    public double firstRequestAfterPriming(int runs) {
        double[] firstCalls = new double[runs];
        for (int i = 0; i < runs; i++) {
            firstCalls[i] = spawn("spring-primed", List.of(), List.of()).run.firstInvokeMs();
        }
        return BenchmarkMain.median(firstCalls);
    }

    /** Runs the variant once for an AppCDS training run (its flags dump the archive at exit). */
    public void train(Variant v, List<String> flags) {
        spawn(v, flags, List.of());
    }

    private record Spawned(Run run, String body) {
    }

    /** How long to wait, per run, for other processes to leave the CPUs idle (0: never wait). */
    private long quietWaitMillis;
    private int noisyRuns;

    /** Waits before each run, up to this long, until the machine's CPUs are idle (Linux only). */
    public ColdStart waitingForQuiet(long maxMillis) {
        this.quietWaitMillis = maxMillis;
        return this;
    }

    /** Runs started while other processes still kept the CPUs busy (their figures are inflated). */
    public int noisyRuns() {
        return noisyRuns;
    }

    private void awaitQuiet() {
        if (quietWaitMillis <= 0 || !Files.isReadable(PROC_STAT)) {
            return;
        }
        long deadline = System.nanoTime() + quietWaitMillis * 1_000_000;
        try {
            while (busyShare() > 0.15) {
                if (System.nanoTime() > deadline) {
                    noisyRuns++;
                    return;
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Share of CPU time not idle over 300 ms, all CPUs together. */
    private static double busyShare() throws InterruptedException {
        long[] a = cpuTimes();
        Thread.sleep(300);
        long[] b = cpuTimes();
        long total = b[0] - a[0];
        return total <= 0 ? 0 : 1 - (double) (b[1] - a[1]) / total;
    }

    private static long[] cpuTimes() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private Spawned spawn(Variant variant, List<String> extraFlags, List<String> variantFlags) {
        return spawn(variant.arg, extraFlags, variantFlags);
    }

    private Spawned spawn(String variant, List<String> extraFlags, List<String> variantFlags) {
        awaitQuiet();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(extraFlags);
        command.addAll(variantFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(ColdStartMain.class.getName());
        command.add(variant);
        command.add(event.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The same environment for both: what template.yaml gives the function on Lambda.
        builder.environment().put("MAIN_CLASS", "eu.passerelle.functions.PasserelleFunctions");
        builder.environment().put("spring_cloud_function_definition", "lookupPostalCode");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        List<String> output = new ArrayList<>();
        long responded = -1;
        String times = null;
        String response = null;
        long cpu = -1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (response == null && line.startsWith(ColdStartMain.RESPONSE)) {
                    responded = System.nanoTime();
                    response = line.substring(ColdStartMain.RESPONSE.length());
                } else if (line.startsWith(ColdStartMain.CPU)) {
                    cpu = Long.parseLong(line.substring(ColdStartMain.CPU.length()).trim());
                } else if (times == null && line.startsWith(ColdStartMain.TIMES)) {
                    times = line.substring(ColdStartMain.TIMES.length());
                } else if (output.size() < 200) {
                    output.add(line);
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Cold start run did not exit: " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
        if (response == null || times == null || process.exitValue() != 0) {
            throw new IllegalStateException("Cold start run of " + variant + " failed (exit " + process.exitValue()
                    + "): " + String.join(" ", command) + "\n" + String.join("\n", output));
        }
        String[] t = times.trim().split(" ");
        long main = Long.parseLong(t[0]);
        long init = Long.parseLong(t[1]);
        long done = Long.parseLong(t[2]);
        Run run = new Run(ms(responded - start), ms(main - start), ms(init - main), ms(done - init),
                cpu < 0 ? Double.NaN : ms(cpu));
        return new Spawned(run, body(response));
    }

    /** Status, headers and body of the API Gateway response, whatever the envelope's formatting. */
    private static String body(String response) {
        try {
            JsonNode node = JSON.readTree(response);
            JsonNode headers = node.path("headers");
            return node.path("statusCode").asInt() + " " + new java.util.TreeMap<>(JSON.convertValue(headers, Map.class))
                    + " " + node.path("body").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Not a JSON response: " + response, e);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
