package dev.breakaway.ingest.core;

import java.time.Instant;
import java.util.Objects;

/**
 * When a race takes fixes: from a little before the first start (devices warm up) until well after
 * the end (devices that were offline upload what they buffered).
 *
 * @param acceptFixesFrom the first instant a fix may be taken at, and requests accepted
 * @param acceptFixesUntil requests are refused from this instant on
 */
public record RaceWindow(String raceId, Instant acceptFixesFrom, Instant acceptFixesUntil) {

    public RaceWindow {
        Objects.requireNonNull(raceId, "raceId is null");
        Objects.requireNonNull(acceptFixesFrom, "acceptFixesFrom is null");
        Objects.requireNonNull(acceptFixesUntil, "acceptFixesUntil is null");
        if (!acceptFixesUntil.isAfter(acceptFixesFrom)) {
            throw new IllegalArgumentException(
                    "race " + raceId + ": acceptFixesUntil must be after acceptFixesFrom");
        }
    }

    public boolean isLive(Instant now) {
        return !now.isBefore(acceptFixesFrom) && now.isBefore(acceptFixesUntil);
    }
}
