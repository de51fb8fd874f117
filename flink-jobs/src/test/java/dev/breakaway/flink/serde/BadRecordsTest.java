package dev.breakaway.flink.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.flink.tracker.RaceControlMessage;
import dev.breakaway.flink.tracker.TrackerFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

/** Whatever lands on an input stream, a record the job cannot use is counted and dropped. */
class BadRecordsTest {

    private static final Instant T = Instant.parse("2024-07-07T12:00:00Z");

    /** The source's context, with the one counter the schema registers kept for the test. */
    private static final class Context implements DeserializationSchema.InitializationContext {
        final SimpleCounter counter = new SimpleCounter();

        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup() {
                @Override
                public Counter counter(String name) {
                    return counter;
                }
            };
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }

    private static <T> List<T> read(DeserializationSchema<T> schema, List<byte[]> records)
            throws IOException {
        List<T> out = new ArrayList<>();
        Collector<T> collector =
                new Collector<>() {
                    @Override
                    public void collect(T record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                };
        for (byte[] record : records) {
            schema.deserialize(record, collector);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fix(String fields) {
        return utf8("{\"raceId\": \"crit\", \"riderId\": \"r1\", " + fields + "}");
    }

    @Test
    void recordsThatAreNotFixesAreCountedAndDroppedAndTheGoodOnesPass() throws Exception {
        GpsFix good = GpsFix.of("crit", "r1", T, 45.1, 5.2);
        List<byte[]> records =
                List.of(
                        utf8("not json at all"),
                        new byte[] {(byte) 0x1f, (byte) 0x8b, 0, 1},
                        new byte[0],
                        utf8("null"),
                        utf8("[1, 2, 3]"),
                        fix("\"lat\": 45, \"lon\": 5"),
                        fix("\"ts\": \"yesterday\", \"lat\": 45, \"lon\": 5"),
                        fix("\"ts\": \"2024-07-07T12:00:00Z\", \"lat\": 145, \"lon\": 5"),
                        fix("\"ts\": \"2024-07-07T12:00:00Z\", \"lat\": 45, \"lon\": -181"),
                        fix("\"ts\": \"2024-07-07T12:00:00Z\", \"lat\": \"north\", \"lon\": 5"),
                        utf8(
                                "{\"raceId\": \"\", \"riderId\": \"r1\", \"ts\":"
                                        + " \"2024-07-07T12:00:00Z\", \"lat\": 45, \"lon\": 5}"),
                        Json.toBytes(good));
        GpsFixDeserializationSchema schema = new GpsFixDeserializationSchema();
        Context context = new Context();
        schema.open(context);

        assertThat(read(schema, records)).containsExactly(good);
        assertThat(context.counter.getCount()).isEqualTo(records.size() - 1);
    }

    @Test
    void raceDefinitionsThatCannotBeTrackedAreCountedAndDroppedAndTheGoodOnesPass()
            throws Exception {
        RaceControlMessage good = RaceControlMessage.of(TrackerFixtures.race("crit", 2));
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(utf8(good.definitionJson()));
        }
        byte[] truncated = Arrays.copyOf(compressed.toByteArray(), compressed.size() / 2);
        List<byte[]> records =
                List.of(
                        utf8("{"),
                        truncated,
                        utf8("null"),
                        utf8("[]"),
                        utf8("{\"raceId\": \"x\", \"startTime\": \"2024-07-07T12:00:00Z\"}"),
                        utf8(good.definitionJson().replace("\"laps\":2", "\"laps\":-3")),
                        compressed.toByteArray());
        RaceControlDeserializationSchema schema = new RaceControlDeserializationSchema();
        Context context = new Context();
        schema.open(context);

        assertThat(read(schema, records)).containsExactly(good);
        assertThat(context.counter.getCount()).isEqualTo(records.size() - 1);
    }
}
