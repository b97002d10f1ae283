package eu.passerelle.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Keeps the one benchmark command from rotting: every JMH benchmark for one short iteration in one
 * fork, one cold start of each variant (which also checks that both answer the same), one
 * primed start (the function's SnapStart hook run before its first request), and every other
 * part (provider search, voucher crypto, minting, end-to-end redemption, reimbursement run) at its
 * small size, through
 * the same code as {@code java -jar benchmarks.jar --tiny}. Figures are not asserted: CI machines
 * are too noisy for that; the README has the measured ones.
 */
class BenchmarksSmokeTest {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theTinyRunMeasuresEverything() throws Exception {
        Path functionsJar = BenchmarkMain.functionsJar();
        assumeTrue(Files.isRegularFile(functionsJar), "needs the packaged functions jar (mvn verify builds it first)");
        BenchmarkMain.Size smoke = new BenchmarkMain.Size("smoke", 1, 1, 200, 1, 300, 1, false);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchmarkMain.Config config = new BenchmarkMain.Config(smoke, true, true,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), functionsJar,
                BenchmarkMain.benchmarkClasses(), BenchmarkMain.DEFAULT_INCLUDE,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        BenchmarkMain.Summary summary = BenchmarkMain.run(config);

        assertThat(summary.latencies()).extracting(BenchmarkMain.Latency::benchmark)
                .containsExactlyElementsOf(BenchmarkMain.LABELS.keySet());
        assertThat(summary.latencies()).allSatisfy(l -> {
            assertThat(l.p50()).isPositive();
            assertThat(l.p99()).isGreaterThanOrEqualTo(l.p50());
            assertThat(l.opsPerSecond()).isPositive();
        });
        assertThat(summary.coldStarts()).hasSize(1);
        ColdStart.Result cold = summary.coldStarts().get(0);
        for (ColdStart.Variant v : ColdStart.Variant.values()) {
            assertThat(cold.runs().get(v)).hasSize(1);
            assertThat(cold.median(v)).isPositive();
        }
        assertThat(summary.firstRequestAfterPrimingMs()).isPositive();
        assertThat(summary.parts()).extracting(BenchmarkPart.Report::title).hasSize(BenchmarkMain.PARTS.size());
        assertThat(summary.parts()).allSatisfy(part -> assertThat(part.figures()).isNotEmpty()
                .allSatisfy((name, value) -> assertThat(value).as(name).isFinite().isPositive()));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Goal lookup p99 < 1000 µs", "Ratio Spring / plain", "Goal provider search p99",
                        "Goal code sign", "Goal QR token verify", "Goal minting", "Goal end to end",
                        "Goal reimbursement run");
    }
}
