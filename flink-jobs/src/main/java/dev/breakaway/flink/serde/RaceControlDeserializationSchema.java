package dev.breakaway.flink.serde;

import dev.breakaway.core.json.Json;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.flink.tracker.RaceControlMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads race definitions from {@code race-control}: JSON, optionally gzip-compressed (a long course
 * is hundreds of kilobytes of coordinates, Kinesis takes 1 MiB a record). A definition that cannot
 * be tracked (no course, checkpoints past the end of the lap) is logged and skipped here, before it
 * reaches broadcast state.
 */
public final class RaceControlDeserializationSchema
        implements DeserializationSchema<RaceControlMessage> {

    private static final Logger LOG =
            LoggerFactory.getLogger(RaceControlDeserializationSchema.class);

    @Override
    public RaceControlMessage deserialize(byte[] message) {
        RaceDefinition definition =
                Json.fromBytes(gunzipIfCompressed(message), RaceDefinition.class);
        new TrackedRace(definition); // validates the course and checkpoints
        return RaceControlMessage.of(definition);
    }

    @Override
    public void deserialize(byte[] message, Collector<RaceControlMessage> out) {
        try {
            out.collect(deserialize(message));
        } catch (IllegalArgumentException | NullPointerException | UncheckedIOException e) {
            LOG.error("skipping a race definition that cannot be tracked: {}", e.getMessage());
        }
    }

    static byte[] gunzipIfCompressed(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("bad gzip in race definition", e);
        }
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
