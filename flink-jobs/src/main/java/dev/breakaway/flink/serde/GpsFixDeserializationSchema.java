package dev.breakaway.flink.serde;

import dev.breakaway.core.json.Json;
import dev.breakaway.core.model.GpsFix;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads fixes written by ingest. A record that is not a fix (ingest validates, so this means a
 * foreign writer or a bug) is counted in {@code malformedFixes}, logged, and skipped: one bad
 * record must not stop the race.
 */
public final class GpsFixDeserializationSchema implements DeserializationSchema<GpsFix> {

    private static final Logger LOG = LoggerFactory.getLogger(GpsFixDeserializationSchema.class);

    private transient Counter malformed;

    @Override
    public void open(InitializationContext context) {
        malformed = context.getMetricGroup().counter("malformedFixes");
    }

    @Override
    public GpsFix deserialize(byte[] message) {
        return Json.fromBytes(message, GpsFix.class);
    }

    @Override
    public void deserialize(byte[] message, Collector<GpsFix> out) throws IOException {
        try {
            out.collect(deserialize(message));
        } catch (IllegalArgumentException | NullPointerException e) {
            if (malformed != null) {
                malformed.inc();
            }
            LOG.warn("skipping a record that is not a GPS fix: {}", e.getMessage());
        }
    }

    @Override
    public boolean isEndOfStream(GpsFix next) {
        return false;
    }

    @Override
    public TypeInformation<GpsFix> getProducedType() {
        return TypeInformation.of(GpsFix.class);
    }
}
