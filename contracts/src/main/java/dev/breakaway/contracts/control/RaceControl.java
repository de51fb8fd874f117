package dev.breakaway.contracts.control;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.RaceDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The codec of {@code race-control} records: a {@link RaceDefinition} as JSON, gzip-compressed (a
 * long course is hundreds of kilobytes of coordinates; Kinesis takes 1 MiB a record). Readers
 * accept plain JSON too.
 */
public final class RaceControl {

    private RaceControl() {}

    public static byte[] encode(RaceDefinition race) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(Json.toBytes(race));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if the record is not a race definition (bad gzip, bad JSON)
     */
    public static RaceDefinition decode(byte[] record) {
        RaceDefinition race = Json.fromBytes(gunzipIfCompressed(record), RaceDefinition.class);
        if (race == null) {
            throw new IllegalArgumentException("not a race definition: null");
        }
        return race;
    }

    static byte[] gunzipIfCompressed(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            return bytes;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("bad gzip in a race definition: " + e, e);
        }
    }
}
