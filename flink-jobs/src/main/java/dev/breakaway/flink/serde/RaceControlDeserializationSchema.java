package dev.breakaway.flink.serde;

import dev.breakaway.contracts.control.RaceControl;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.flink.tracker.RaceControlMessage;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads race definitions from {@code race-control}: JSON, optionally gzip-compressed (a long course
 * is hundreds of kilobytes of coordinates, Kinesis takes 1 MiB a record). A record that is not a
 * definition that can be tracked (not JSON, broken gzip, no course, checkpoints past the end of the
 * lap) is counted in {@value #METRIC}, logged and skipped here, before it reaches broadcast state.
 */
public final class RaceControlDeserializationSchema
        implements DeserializationSchema<RaceControlMessage> {

    private static final Logger LOG =
            LoggerFactory.getLogger(RaceControlDeserializationSchema.class);

    /** The counter of skipped records, in the source's metric group. */
    public static final String METRIC = "malformedRaceDefinitions";

    private transient Counter malformed;

    @Override
    public void open(InitializationContext context) {
        malformed = context.getMetricGroup().counter(METRIC);
    }

    @Override
    public RaceControlMessage deserialize(byte[] message) {
        RaceDefinition definition = RaceControl.decode(message);
        new TrackedRace(definition); // validates the course and checkpoints
        return RaceControlMessage.of(definition);
    }

    @Override
    public void deserialize(byte[] message, Collector<RaceControlMessage> out) {
        RaceControlMessage definition;
        try {
            definition = deserialize(message);
        } catch (RuntimeException e) {
            // whatever a foreign writer put there: Jackson, gzip, the course's own checks
            if (malformed != null) {
                malformed.inc();
            }
            LOG.error("skipping a race definition that cannot be tracked: {}", e.getMessage());
            return;
        }
        out.collect(definition);
    }

    @Override
    public boolean isEndOfStream(RaceControlMessage next) {
        return false;
    }

    @Override
    public TypeInformation<RaceControlMessage> getProducedType() {
        return TypeInformation.of(RaceControlMessage.class);
    }
}
