package dev.breakaway.query.history;

/**
 * A page of a history list: where it starts and how many rows at most. A page asks for one row more
 * than it shows, so it knows whether another follows without counting them all.
 */
public record Paging(long offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public Paging {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more: " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
    }

    /**
     * From query parameters as given (absent: the first page of {@link #DEFAULT_LIMIT}).
     *
     * @throws IllegalArgumentException naming the parameter that is not a number in range
     */
    public static Paging of(String offset, String limit) {
        return new Paging(
                offset == null || offset.isBlank() ? 0 : number("offset", offset),
                limit == null || limit.isBlank() ? DEFAULT_LIMIT : (int) number("limit", limit));
    }

    private static long number(String name, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n > Integer.MAX_VALUE && name.equals("limit")) {
                throw new IllegalArgumentException(
                        "limit must be 1 to " + MAX_LIMIT + ": " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: " + value);
        }
    }

    /** Rows to fetch: one more than the page shows. */
    public int fetch() {
        return limit + 1;
    }

    /**
     * The offset of the next page, or {@code null} if {@code fetched} rows say this is the last.
     */
    public Long next(int fetched) {
        return fetched > limit ? offset + limit : null;
    }
}
