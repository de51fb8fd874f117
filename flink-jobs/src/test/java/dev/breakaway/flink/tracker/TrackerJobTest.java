package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.flink.kinesis.KinesisSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerJobTest {

    private static StreamGraph graph() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        TrackerJob.baseConfiguration(Duration.ofSeconds(10)));
        KinesisSettings kinesis = KinesisSettings.local("http://127.0.0.1:1");
        TrackerJob.onKinesis(
                        kinesis,
                        TrackerJob.Options.live(TrackerSettings.defaults())
                                .withServingStore(
                                        new dev.breakaway.flink.serving.ServingStoreSink(
                                                "redis://127.0.0.1:1", Duration.ofSeconds(1))))
                .build(env);
        return env.getStreamGraph();
    }

    @Test
    void everyOperatorHasANameAndAStableUid() {
        for (StreamNode node : graph().getStreamNodes()) {
            assertThat(node.getTransformationUID()).as(node.getOperatorName()).isNotBlank();
            assertThat(node.getOperatorName()).isNotBlank();
        }
    }

    @Test
    void theUidsAreTheOnesSavepointsReferTo() {
        assertThat(graph().getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains(
                        "gps-fixes-source",
                        "race-control-source",
                        "track-riders",
                        "standings",
                        "encode-passages",
                        "encode-standings",
                        "encode-incidents",
                        "encode-overtakes",
                        "encode-definitions",
                        "serving-store-sink");
    }

    @Test
    void raceControlNeverCarriesAWatermarkOnlyIdleness() {
        List<String> seen = new ArrayList<>();
        WatermarkOutput output =
                new WatermarkOutput() {
                    @Override
                    public void emitWatermark(Watermark watermark) {
                        seen.add("watermark " + watermark.getTimestamp());
                    }

                    @Override
                    public void markIdle() {
                        seen.add("idle");
                    }

                    @Override
                    public void markActive() {
                        seen.add("active");
                    }
                };
        WatermarkGenerator<RaceControlMessage> generator =
                TrackerJob.<RaceControlMessage>idleForEventTime().createWatermarkGenerator(null);
        generator.onEvent(RaceControlMessage.of(TrackerFixtures.race("r", 1)), 0, output);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output);

        assertThat(seen).containsOnly("idle");
    }

    @Test
    void onManagedFlinkTheArgumentsAreTheTrackerJobPropertyGroup(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("application_properties.json");
        Files.writeString(
                file,
                "[{\"PropertyGroupId\": \"Other\", \"PropertyMap\": {\"a\": \"b\"}},"
                        + " {\"PropertyGroupId\": \"TrackerJob\", \"PropertyMap\":"
                        + " {\"kinesis.region\": \"eu-central-1\", \"kinesis.account-id\":"
                        + " \"123456789012\", \"race.retention-minutes\": \"45\"}}]");

        Map<String, String> arguments = TrackerJob.runtimeProperties(file, TrackerJob.MSF_GROUP);

        assertThat(arguments)
                .containsEntry("kinesis.region", "eu-central-1")
                .containsEntry("kinesis.account-id", "123456789012")
                .doesNotContainKey("a");
        assertThat(TrackerSettings.fromArguments(arguments).lifecycle().retention())
                .isEqualTo(Duration.ofMinutes(45));
        assertThatThrownBy(() -> TrackerJob.runtimeProperties(file, "Missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing");
    }
}
