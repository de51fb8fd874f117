package dev.breakaway.ingest.core;

import java.util.Objects;

/**
 * What one device token allows: writing the fixes of one rider in one race.
 *
 * @param tokenSha256 the stored form of the token ({@link DeviceTokens#hash})
 */
public record DeviceGrant(String tokenSha256, String raceId, String riderId, boolean revoked) {

    public DeviceGrant {
        Objects.requireNonNull(tokenSha256, "tokenSha256 is null");
        Objects.requireNonNull(raceId, "raceId is null");
        Objects.requireNonNull(riderId, "riderId is null");
        if (!tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "tokenSha256 must be 64 lowercase hex digits (SHA-256), got " + tokenSha256);
        }
    }

    public DeviceGrant revoke() {
        return new DeviceGrant(tokenSha256, raceId, riderId, true);
    }
}
