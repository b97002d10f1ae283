package eu.passerelle.local.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(5 minutes)}, {@code cron(0 6 ? * MON *)} (six
 * fields: minutes hours day-of-month month day-of-week year, evaluated in the schedule's time
 * zone) or, for EventBridge Scheduler, {@code at(2026-12-01T06:00:00)}.
 */
public abstract sealed class ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minutes?|hours?|days?)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");

    /** AWS cron: no seconds field, day-of-week 1-7 from Sunday, ? L W # as in Quartz, a year field. */
    private static final CronDefinition AWS_CRON = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL().supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2199).and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();

    /** The first firing strictly after {@code after}, if any. */
    public abstract Optional<Instant> nextAfter(Instant after);

    public static ScheduleExpression parse(String expression, ZoneId zone) {
        String e = expression.strip();
        Matcher rate = RATE.matcher(e);
        if (rate.matches()) {
            long n = Long.parseLong(rate.group(1));
            String unit = rate.group(2);
            if (n <= 0 || n == 1 && unit.endsWith("s") || n > 1 && !unit.endsWith("s")) {
                throw new IllegalArgumentException("Invalid rate expression: " + expression);
            }
            Duration period = switch (unit.replaceAll("s$", "")) {
                case "minute" -> Duration.ofMinutes(n);
                case "hour" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new Rate(period);
        }
        Matcher cron = CRON.matcher(e);
        if (cron.matches()) {
            String fields = cron.group(1).strip().toUpperCase(Locale.ROOT);
            if (fields.split("\\s+").length != 6) {
                throw new IllegalArgumentException("A cron expression has six fields: " + expression);
            }
            return new CronSchedule(new CronParser(AWS_CRON).parse(fields), zone);
        }
        Matcher at = AT.matcher(e);
        if (at.matches()) {
            return new At(LocalDateTime.parse(at.group(1)).atZone(zone).toInstant());
        }
        throw new IllegalArgumentException("Not a schedule expression: " + expression);
    }

    /** Fixed period counted from when the schedule was created (here: when the runtime started). */
    static final class Rate extends ScheduleExpression {
        private final Duration period;
        private Instant origin;

        Rate(Duration period) {
            this.period = period;
        }

        Duration period() {
            return period;
        }

        @Override
        public synchronized Optional<Instant> nextAfter(Instant after) {
            if (origin == null) {
                origin = after;
            }
            long periods = Duration.between(origin, after).toMillis() / period.toMillis() + 1;
            return Optional.of(origin.plus(period.multipliedBy(periods)));
        }
    }

    static final class CronSchedule extends ScheduleExpression {
        private final ExecutionTime execution;
        private final ZoneId zone;

        CronSchedule(Cron cron, ZoneId zone) {
            this.execution = ExecutionTime.forCron(cron);
            this.zone = zone;
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            return execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
        }
    }

    static final class At extends ScheduleExpression {
        private final Instant when;

        At(Instant when) {
            this.when = when;
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            return when.isAfter(after) ? Optional.of(when) : Optional.empty();
        }
    }
}
