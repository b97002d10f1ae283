package eu.passerelle.local.schedule;

import eu.passerelle.local.Fixtures;
import eu.passerelle.local.LocalRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Schedules of the fixture template fired by the runtime, on a clock running 600 times faster. */
class ScheduleDriverTest {

    /**
     * Real time scaled up from a chosen start, so that minutes pass in tenths of a second. It
     * starts ticking when first read (when the schedules start), not while the runtime boots.
     */
    static final class FastClock extends Clock {
        private final Instant start;
        private volatile long realStart;
        private final long factor;

        FastClock(Instant start, long factor) {
            this.start = start;
            this.factor = factor;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            if (realStart == 0) {
                synchronized (this) {
                    if (realStart == 0) {
                        realStart = System.nanoTime();
                    }
                }
            }
            return start.plusNanos((System.nanoTime() - realStart) * factor);
        }
    }

    @Test
    void rateAndWeeklyCronSchedulesInvokeTheirFunctionWithTheirEvents(@TempDir Path temp) {
        Path sink = temp.resolve("sink.txt");
        // Monday 23 November 2026, 05:59:00 in Paris: the weekly 06:00 run is one (fast) minute away.
        Clock clock = new FastClock(Instant.parse("2026-11-23T04:59:00Z"), 600);
        try (LocalRuntime runtime = Fixtures.startFixture(sink, null, true, clock)) {
            Fixtures.await("weekly run and a few rate events", Duration.ofSeconds(20), () -> {
                List<String> lines = Fixtures.lines(sink);
                return lines.stream().anyMatch(l -> l.contains("\"trigger\":\"weekly\""))
                        && lines.stream().filter(l -> l.contains("Scheduled Event")).count() >= 3;
            });
            List<String> lines = Fixtures.lines(sink);
            assertThat(lines.stream().filter(l -> l.contains("\"trigger\":\"weekly\""))).hasSize(1);
            String rateEvent = lines.stream().filter(l -> l.contains("Scheduled Event")).findFirst().orElseThrow();
            assertThat(rateEvent).contains("\"source\":\"aws.events\"", "\"account\":\"000000000000\"",
                    "\"region\":\"eu-west-3\"", ":rule/passerelle-local-EveryMinute", "\"detail\":{}");
        }
    }

    @Test
    void anOperatorCanFireAScheduleByHand(@TempDir Path temp) {
        Path sink = temp.resolve("sink.txt");
        try (LocalRuntime runtime = Fixtures.startFixture(sink, null, false, Clock.systemUTC())) {
            ScheduleDriver.Schedule weekly = runtime.schedules().schedules().stream()
                    .filter(s -> s.name().equals("ScheduledFunction.WeeklyRun")).findFirst().orElseThrow();
            assertThat(runtime.schedules().fire(weekly, Instant.now()).failed()).isFalse();
            assertThat(Fixtures.lines(sink)).containsExactly("schedule {\"trigger\":\"weekly\"}");
        }
    }
}
