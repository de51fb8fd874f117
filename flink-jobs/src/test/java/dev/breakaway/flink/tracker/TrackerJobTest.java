package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.flink.kinesis.KinesisSettings;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class TrackerJobTest {

    private static StreamGraph graph() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        TrackerJob.baseConfiguration(Duration.ofSeconds(10)));
        KinesisSettings kinesis = KinesisSettings.local("http://127.0.0.1:1");
        new TrackerJob(
                        kinesis.fixSource("gps-fixes"),
                        kinesis.controlSource("race-control"),
                        kinesis.updatesSink("race-updates"),
                        TrackerSettings.defaults())
                .build(env);
        // With generic types disabled, this fails if any record would fall back to Kryo.
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
                        "encode-passages");
    }
}
