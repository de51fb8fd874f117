package dev.breakaway.query.history;

import java.util.List;
import java.util.Map;

/** Runs history queries; rows come back as column name (camelCase) to value, in column order. */
public interface HistoryStore {

    /**
     * All rows of a query.
     *
     * @throws HistoryUnavailableException when the store cannot answer now
     */
    List<Map<String, Object>> rows(String sql, List<Object> parameters);
}
