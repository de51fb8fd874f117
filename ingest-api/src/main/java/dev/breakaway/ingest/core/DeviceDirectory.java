package dev.breakaway.ingest.core;

import dev.breakaway.contracts.identity.DeviceTokens;
import java.util.Optional;

/**
 * Who may send fixes, and when: the device grants by token hash and the races' fix windows. From
 * the configuration ({@link DeviceRegistry}) on one machine, or from the admin database shared by
 * every ingest instance.
 */
public interface DeviceDirectory {

    /** The grant of a token by its stored hash, revoked or not. */
    Optional<DeviceGrant> findByHash(String tokenSha256);

    /** The grant of a presented token, revoked or not. */
    default Optional<DeviceGrant> find(String token) {
        return findByHash(DeviceTokens.hash(token));
    }

    /** When a race takes fixes; empty for a race that does not (unknown, not started). */
    Optional<RaceWindow> race(String raceId);

    /** The grants could not be read just now (their store is unreachable). */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
