package dev.breakaway.contracts.files;

import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code devices.json}, written by {@code simulate}: a device token per rider of a race, and its
 * SHA-256 (what ingest-api is given); the replay sends with the tokens.
 */
public record DevicesFile(String raceId, List<Device> devices) {

    /** One rider's device. */
    public record Device(String riderId, String token, String tokenSha256) {}

    public DevicesFile {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /** The file for these tokens, by rider. */
    public static DevicesFile of(String raceId, Map<String, String> tokens) {
        List<Device> devices = new ArrayList<>();
        tokens.forEach(
                (rider, token) -> devices.add(new Device(rider, token, DeviceTokens.hash(token))));
        return new DevicesFile(raceId, devices);
    }

    public void write(Path file) throws IOException {
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    /**
     * The tokens of a {@code devices.json}, by rider.
     *
     * @throws IOException if the file cannot be read, is not JSON, or a device lacks its rider or
     *     token
     */
    public static Map<String, String> readTokens(Path file) throws IOException {
        DevicesFile read = Json.mapper().readValue(file.toFile(), DevicesFile.class);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Device d : read.devices()) {
            if (d.riderId() == null || d.token() == null) {
                throw new IOException(file + ": a device needs riderId and token: " + d);
            }
            tokens.put(d.riderId(), d.token());
        }
        return tokens;
    }
}
