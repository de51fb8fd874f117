package dev.breakaway.ingest.core;

/**
 * Why ingest refused a request or one fix of it: the machine-readable {@code reason} of every
 * error, with the HTTP status a request gets when the whole of it is refused for that reason.
 *
 * <p>The names are part of the device API (its OpenAPI description lists them): add, never rename.
 */
public enum RejectReason {
    // The request as a whole.
    MISSING_TOKEN(401, false),
    INVALID_TOKEN(401, false),
    REVOKED_TOKEN(401, false),
    TOKEN_NOT_FOR_RACE(403, false),
    UNKNOWN_RACE(404, false),
    RACE_NOT_LIVE(409, false),
    RATE_LIMITED(429, false),
    /** The device grants could not be read (the admin database is unreachable): try again. */
    GRANTS_UNAVAILABLE(503, false),
    BODY_TOO_LARGE(413, false),
    TOO_MANY_FIXES(413, false),
    UNSUPPORTED_ENCODING(415, false),
    MALFORMED_JSON(400, false),
    NO_FIXES(400, false),

    // One fix of a batch: the others are still taken.
    NOT_AN_OBJECT(422, true),
    MISSING_FIELD(422, true),
    MALFORMED_NUMBER(422, true),
    MALFORMED_TIMESTAMP(422, true),
    LAT_OUT_OF_RANGE(422, true),
    LON_OUT_OF_RANGE(422, true),
    ACCURACY_OUT_OF_RANGE(422, true),
    ELEVATION_OUT_OF_RANGE(422, true),
    SPEED_OUT_OF_RANGE(422, true),
    BEARING_OUT_OF_RANGE(422, true),
    TIMESTAMP_IN_FUTURE(422, true),
    TIMESTAMP_BEFORE_RACE(422, true),
    WRONG_RIDER(422, true);

    private final int httpStatus;
    private final boolean perFix;

    RejectReason(int httpStatus, boolean perFix) {
        this.httpStatus = httpStatus;
        this.perFix = perFix;
    }

    /** The status of a response refusing the whole request for this reason. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether this reason applies to a single fix (the rest of the batch is still taken). */
    public boolean perFix() {
        return perFix;
    }
}
