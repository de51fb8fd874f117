package dev.breakaway.query.history;

import java.util.Map;

/**
 * SQL's snake_case column names as the API's camelCase fields, the unit abbreviations of the tables
 * spelled out: {@code race_distance_m} → {@code raceDistanceMeters}, {@code gap_s} → {@code
 * gapSeconds}, {@code vam_m_per_h} → {@code vamMetersPerHour}.
 */
public final class ColumnNames {

    private static final Map<String, String> UNITS =
            Map.of("m", "meters", "s", "seconds", "h", "hour");

    private ColumnNames() {}

    public static String camel(String column) {
        StringBuilder out = new StringBuilder(column.length() + 8);
        for (String word : column.toLowerCase(java.util.Locale.ROOT).split("_+")) {
            if (word.isEmpty()) {
                continue;
            }
            String spelled = out.length() > 0 ? UNITS.getOrDefault(word, word) : word;
            out.append(
                    out.length() == 0
                            ? spelled
                            : Character.toUpperCase(spelled.charAt(0)) + spelled.substring(1));
        }
        return out.toString();
    }
}
