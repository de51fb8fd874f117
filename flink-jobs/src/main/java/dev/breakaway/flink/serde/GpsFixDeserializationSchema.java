package dev.breakaway.flink.serde;

import dev.breakaway.contracts.json.Json;
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
 * foreign writer or a bug): not JSON, not an object, a missing race, rider or time, a position
 * outside the globe, is counted in {@value #METRIC}, logged, and skipped: one bad record must not
 * stop the race, nor restart the job for ever on a record it will read again.
 */
public final class GpsFixDeserializationSchema implements DeserializationSchema<GpsFix> {

    private static final Logger LOG = LoggerFactory.getLogger(GpsFixDeserializationSchema.class);

    /** The counter of skipped records, in the source's metric group. */
    public static final String METRIC = "malformedFixes";

    private transient Counter malformed;

    @Override
    public void open(InitializationContext context) {
        malformed = context.getMetricGroup().counter(METRIC);
    }

    /**
     * @throws IllegalArgumentException if the record is not a fix
     */
    @Override
    public GpsFix deserialize(byte[] message) {
        GpsFix fix = Json.fromBytes(message, GpsFix.class);
        if (fix == null) {
            throw new IllegalArgumentException("not a GPS fix: null");
        }
        if (fix.raceId().isBlank() || fix.riderId().isBlank()) {
            throw new IllegalArgumentException("a GPS fix without its race or rider");
        }
        if (!(Math.abs(fix.lat()) <= 90) || !(Math.abs(fix.lon()) <= 180)) {
            throw new IllegalArgumentException(
                    "a GPS fix outside the globe: " + fix.lat() + ", " + fix.lon());
        }
        return fix;
    }

    @Override
    public void deserialize(byte[] message, Collector<GpsFix> out) throws IOException {
        GpsFix fix;
        try {
            fix = deserialize(message);
        } catch (RuntimeException e) {
            // whatever a foreign writer put there: Jackson, the record's own checks, the above
            if (malformed != null) {
                malformed.inc();
            }
            LOG.warn("skipping a record that is not a GPS fix: {}", e.getMessage());
            return;
        }
        out.collect(fix);
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
