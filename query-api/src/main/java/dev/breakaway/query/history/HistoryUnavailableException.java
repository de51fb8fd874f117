package dev.breakaway.query.history;

/** The history store cannot answer now (down, starting, overloaded): try again later. */
public final class HistoryUnavailableException extends RuntimeException {

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
