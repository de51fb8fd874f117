package dev.breakaway.query.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** Where the race history is read: Trino over the lakehouse. */
public class HistoryConfiguration {

    /** e.g. {@code jdbc:trino://trino.internal:8080/breakaway/breakaway} (catalog/schema). */
    @NotEmpty private String jdbcUrl;

    @NotEmpty private String user = "query-api";

    /** A history query running longer is cancelled (and answered 503). */
    @NotNull private Duration queryTimeout = Duration.seconds(30);

    /** At most this many history queries at once from one instance; more are answered 503. */
    @Min(1)
    @Max(1000)
    private int maxConcurrentQueries = 16;

    /** The Retry-After of a 503. */
    @NotNull private Duration retryAfter = Duration.seconds(30);

    /** How long caches (a CDN in front) may keep a history answer. */
    @NotNull private Duration cacheFor = Duration.seconds(60);

    @JsonProperty
    public String getJdbcUrl() {
        return jdbcUrl;
    }

    @JsonProperty
    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    @JsonProperty
    public String getUser() {
        return user;
    }

    @JsonProperty
    public void setUser(String user) {
        this.user = user;
    }

    @JsonProperty
    public Duration getQueryTimeout() {
        return queryTimeout;
    }

    @JsonProperty
    public void setQueryTimeout(Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    @JsonProperty
    public int getMaxConcurrentQueries() {
        return maxConcurrentQueries;
    }

    @JsonProperty
    public void setMaxConcurrentQueries(int maxConcurrentQueries) {
        this.maxConcurrentQueries = maxConcurrentQueries;
    }

    @JsonProperty
    public Duration getRetryAfter() {
        return retryAfter;
    }

    @JsonProperty
    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @JsonProperty
    public Duration getCacheFor() {
        return cacheFor;
    }

    @JsonProperty
    public void setCacheFor(Duration cacheFor) {
        this.cacheFor = cacheFor;
    }
}
