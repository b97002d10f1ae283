package eu.passerelle.local.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.passerelle.local.EventShapes;
import eu.passerelle.local.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The EventBridge event the runtime fires has the shape of the recorded one in events/schedule/. */
class ScheduledEventShapeTest {

    @Test
    void generatedEventsMatchTheRecordedEvent() throws Exception {
        ScheduleDriver.Schedule schedule = new ScheduleDriver.Schedule("s", "arn:aws:events:eu-west-3:0:rule/s",
                ScheduleExpression.parse("rate(1 hour)", ZoneId.of("UTC")), null, false, null);
        ScheduleDriver driver = new ScheduleDriver(List.of(schedule), Clock.systemUTC(), "000000000000", "eu-west-3", l -> { });
        ObjectMapper json = new ObjectMapper();
        JsonNode generated = json.readTree(driver.event(schedule, Instant.parse("2026-11-23T05:00:00.123Z")));
        JsonNode recorded = json.readTree(Fixtures.repository().resolve("events/schedule/scheduled-event.json").toFile());
        assertThat(EventShapes.keys(generated)).isEqualTo(EventShapes.keys(recorded));
        assertThat(generated.path("time").asText()).isEqualTo("2026-11-23T05:00:00Z");
        assertThat(generated.path("detail-type").asText()).isEqualTo("Scheduled Event");
    }
}
