package dev.breakaway.query.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The history queries, one SQL file each under {@code /history/} (Trino's SQL over the lakehouse
 * tables, the catalog and schema those of the connection). Every value a caller gives is a {@code
 * ?} parameter; the files end with their {@code ORDER BY}, so a page is the file plus {@code OFFSET
 * ? LIMIT ?}.
 */
public enum HistoryQuery {
    /** A race as last defined; parameter: race. */
    RACE("race.sql"),
    /** Official results; parameter: race. */
    RESULTS("results.sql"),
    /** Passages with elapsed and split times; parameters: race, race. */
    SPLITS("splits.sql"),
    /** Average and top speeds; parameters: race, race. */
    SPEEDS("speeds.sql"),
    /** Time and VAM per climb; parameters: race, race. */
    CLIMBS("climbs.sql"),
    /** Groups' gaps to the head over distance; parameters: race, step in metres. */
    RACE_FLOW("race-flow.sql"),
    /** A rider's results across races; parameter: rider. */
    RIDER_RESULTS("rider-results.sql"),
    /** Two riders' races together; parameters: rider, other rider. */
    HEAD_TO_HEAD("head-to-head.sql");

    private final String sql;

    HistoryQuery(String file) {
        try (InputStream in = HistoryQuery.class.getResourceAsStream("/history/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing /history/" + file);
            }
            this.sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole query. */
    public String sql() {
        return sql;
    }

    /** One page of it: two more parameters, the offset and the number of rows. */
    public String pageSql() {
        return sql + "\nOFFSET ? LIMIT ?";
    }
}
