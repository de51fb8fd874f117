package dev.breakaway.query.history;

import io.trino.jdbc.TrinoDriver;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;

/**
 * History over Trino's JDBC driver: a connection per query (trino-jdbc's connections are HTTP
 * sessions, the driver's HTTP client shared), at most {@code maxConcurrent} queries at once from
 * this instance (beyond that: unavailable, so a crowd of readers cannot queue up Trino), each
 * bounded by the time limit.
 */
public final class TrinoHistoryStore implements HistoryStore, AutoCloseable {

    private final TrinoDriver driver = new TrinoDriver();
    private final String jdbcUrl;
    private final Properties properties = new Properties();
    private final int timeoutSeconds;
    private final Semaphore slots;

    public TrinoHistoryStore(String jdbcUrl, String user, Duration timeout, int maxConcurrent) {
        this.jdbcUrl = jdbcUrl;
        properties.setProperty("user", user);
        properties.setProperty("source", "breakaway-query-api");
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        this.slots = new Semaphore(maxConcurrent);
    }

    @Override
    public List<Map<String, Object>> rows(String sql, List<Object> parameters) {
        if (!slots.tryAcquire()) {
            throw new HistoryUnavailableException("too many history queries at once", null);
        }
        try (Connection connection = driver.connect(jdbcUrl, properties);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                return read(rs);
            }
        } catch (SQLException e) {
            if (TrinoFailures.unavailable(e)) {
                throw new HistoryUnavailableException("race history is unavailable", e);
            }
            throw new IllegalStateException("history query failed: " + e.getMessage(), e);
        } finally {
            slots.release();
        }
    }

    private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        String[] names = new String[meta.getColumnCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = ColumnNames.camel(meta.getColumnLabel(i + 1));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                row.put(names[i], value(rs.getObject(i + 1)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** JSON-friendly: instants as ISO-8601 text, decimals as doubles. */
    static Object value(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof ZonedDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return v;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
