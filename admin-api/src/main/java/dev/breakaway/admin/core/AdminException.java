package dev.breakaway.admin.core;

/**
 * A request the admin API refuses, with the HTTP status to answer, a stable reason code and a
 * message for the person who sent it. Nothing is changed when one is thrown.
 */
public final class AdminException extends RuntimeException {

    private final int status;
    private final String reason;

    public AdminException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public static AdminException notFound(String what) {
        return new AdminException(404, "NOT_FOUND", what + " does not exist");
    }

    public static AdminException invalid(String reason, String message) {
        return new AdminException(400, reason, message);
    }

    public static AdminException conflict(String reason, String message) {
        return new AdminException(409, reason, message);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
