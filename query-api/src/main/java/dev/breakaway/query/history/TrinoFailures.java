package dev.breakaway.query.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Which query failures mean "Trino cannot answer now, ask again later" (a 503) rather than a broken
 * query (a 500): no connection, a server starting or shutting down, no worker for the catalog yet,
 * a full queue, no memory, the time limit.
 */
public final class TrinoFailures {

    private static final List<String> TRANSIENT =
            List.of(
                    "no nodes available",
                    "server is still initializing",
                    "server_starting_up",
                    "server_shutting_down",
                    "too many queued queries",
                    "query_queue_full",
                    "cluster_out_of_memory",
                    "exceeded_time_limit",
                    "query exceeded maximum time limit",
                    "error executing query",
                    "service unavailable");

    private TrinoFailures() {}

    /** Whether the failure is Trino being unavailable, not the query being wrong. */
    public static boolean unavailable(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String sign : TRANSIENT) {
                    if (lower.contains(sign)) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
