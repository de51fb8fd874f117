package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackerSettingsTest {

    @Test
    void argumentsOverrideTheDefaultsTheyName() {
        TrackerSettings settings =
                TrackerSettings.fromArguments(
                        Map.of(
                                "watermark.max-out-of-orderness-ms", "2000",
                                "tracking.max-off-course-meters", "120",
                                "tracking.leap-meters", "25",
                                "tracking.leap-confirm-seconds", "4"));

        assertThat(settings.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.tracking().maxOffCourseMeters()).isEqualTo(120);
        assertThat(settings.tracking().leapMeters()).isEqualTo(25);
        assertThat(settings.tracking().leapConfirmSeconds()).isEqualTo(4);
        assertThat(settings.idleness()).isEqualTo(TrackerSettings.defaults().idleness());
        assertThat(settings.tracking().maxSpeedMps())
                .isEqualTo(TrackerSettings.defaults().tracking().maxSpeedMps());
    }

    @Test
    void aValueThatIsNotAPositiveNumberNamesItsKey() {
        assertThatThrownBy(
                        () ->
                                TrackerSettings.fromArguments(
                                        Map.of("tracking.max-speed-mps", "fast")))
                .hasMessageContaining("tracking.max-speed-mps")
                .hasMessageContaining("'fast'");
        assertThatThrownBy(
                        () -> TrackerSettings.fromArguments(Map.of("watermark.idleness-ms", "-1")))
                .hasMessageContaining("watermark.idleness-ms");
    }
}
