package dev.breakaway.core.standings;

/** Where a rider is in the race. */
public enum RiderStatus {
    NOT_STARTED,
    RACING,
    FINISHED
}
