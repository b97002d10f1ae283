package eu.passerelle.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured area beyond the postal-code lookup (provider search, voucher crypto, minting,
 * redemption…): it runs at the size of the {@link BenchmarkMain.Config} ("full" or anything
 * smaller), and reports figures and goals. {@link BenchmarkMain} runs the parts selected with
 * {@code --only=…} in order; a new one is a class and one line in {@link BenchmarkMain#PARTS}.
 */
interface BenchmarkPart {

    /** Its name for {@code --only=}: {@code search}, {@code crypto}… */
    String name();

    Report run(BenchmarkMain.Config config) throws Exception;

    static boolean full(BenchmarkMain.Config config) {
        return config.size().name().equals("full");
    }

    /**
     * What a part measured: the figures by name (what the smoke test checks come out), and the
     * lines printed in the summary, goals included.
     */
    record Report(String title, Map<String, Double> figures, List<String> lines) {

        static Builder titled(String title) {
            return new Builder(title);
        }

        void print(PrintStream out) {
            out.println();
            out.println(title);
            lines.forEach(out::println);
        }

        static final class Builder {
            private final String title;
            private final Map<String, Double> figures = new LinkedHashMap<>();
            private final List<String> lines = new ArrayList<>();

            private Builder(String title) {
                this.title = title;
            }

            Builder figure(String name, double value) {
                figures.put(name, value);
                return this;
            }

            Builder line(String format, Object... args) {
                lines.add(String.format(Locale.ROOT, format, args));
                return this;
            }

            /** A goal line: {@code Goal …: MET|NOT MET (…)}. */
            Builder goal(String what, boolean met, String format, Object... args) {
                lines.add("Goal " + what + ": " + (met ? "MET" : "NOT MET") + " ("
                        + String.format(Locale.ROOT, format, args) + ")");
                return this;
            }

            Report build() {
                return new Report(title, Collections.unmodifiableMap(new LinkedHashMap<>(figures)), List.copyOf(lines));
            }
        }
    }
}
