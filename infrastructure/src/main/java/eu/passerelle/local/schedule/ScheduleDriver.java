package eu.passerelle.local.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.passerelle.local.lambda.FunctionPool;
import eu.passerelle.local.lambda.InvocationResult;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Fires the {@code Schedule} (EventBridge rule) and {@code ScheduleV2} (EventBridge Scheduler)
 * events of the template at the times their expressions give. Each schedule invokes its function
 * asynchronously, as EventBridge does, so a long run does not delay other schedules.
 */
public final class ScheduleDriver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One schedule.
     *
     * @param input the configured target input, or null for EventBridge's default event
     */
    public record Schedule(String name, String arn, ScheduleExpression expression, String input, boolean scheduler,
                           FunctionPool function) {
    }

    private final List<Schedule> schedules;
    private final Clock clock;
    private final String account;
    private final String region;
    private final Consumer<String> log;
    private final ExecutorService invoker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "schedule-target");
        t.setDaemon(true);
        return t;
    });
    private final List<Thread> timers = new ArrayList<>();
    private volatile boolean running;

    public ScheduleDriver(List<Schedule> schedules, Clock clock, String account, String region, Consumer<String> log) {
        this.schedules = List.copyOf(schedules);
        this.clock = clock;
        this.account = account;
        this.region = region;
        this.log = log;
    }

    public List<Schedule> schedules() {
        return schedules;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Schedule s : schedules) {
            Thread t = new Thread(() -> loop(s), "schedule-" + s.name());
            t.setDaemon(true);
            timers.add(t);
            t.start();
        }
    }

    private void loop(Schedule schedule) {
        Instant last = clock.instant();
        while (running) {
            Optional<Instant> next = schedule.expression().nextAfter(last);
            if (next.isEmpty()) {
                return;
            }
            if (!sleepUntil(next.get())) {
                return;
            }
            last = next.get();
            Instant firedAt = last;
            invoker.submit(() -> fire(schedule, firedAt));
        }
    }

    /** Sleeps in short steps so that a changed clock (in tests) or a stop is noticed promptly. */
    private boolean sleepUntil(Instant when) {
        while (running) {
            long wait = when.toEpochMilli() - clock.millis();
            if (wait <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(wait, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Invokes the schedule's function now, as at {@code time}; also how an operator triggers a run by hand. */
    public InvocationResult fire(Schedule schedule, Instant time) {
        byte[] event = event(schedule, time);
        InvocationResult result = schedule.function().invoke(event);
        if (result.failed()) {
            log.accept("schedule " + schedule.name() + ": function error " + result.errorType());
        } else {
            log.accept("schedule " + schedule.name() + " fired (" + result.durationMillis() + " ms)");
        }
        return result;
    }

    byte[] event(Schedule schedule, Instant time) {
        if (schedule.input() != null) {
            return schedule.input().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", schedule.scheduler() ? "aws.scheduler" : "aws.events");
        event.put("account", account);
        event.put("time", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.putArray("resources").add(schedule.arn());
        event.putObject("detail");
        try {
            return JSON.writeValueAsBytes(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        timers.forEach(Thread::interrupt);
        timers.clear();
        invoker.shutdownNow();
    }
}
