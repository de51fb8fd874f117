package dev.breakaway.ingest.db;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code deviceStore} section: read device grants and race windows from the admin database
 * (read-only; admin-api owns its schema). Without it, ingest uses the {@code races} and {@code
 * devices} of its own configuration.
 */
public class DeviceStoreFactory {

    @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();

    /** How long an answer is kept: a revocation reaches every instance within this. */
    @NotNull private Duration cacheFor = Duration.seconds(2);

    @Min(100)
    private long maxEntries = 200_000;

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    @JsonProperty
    public Duration getCacheFor() {
        return cacheFor;
    }

    @JsonProperty
    public void setCacheFor(Duration cacheFor) {
        this.cacheFor = cacheFor;
    }

    @JsonProperty
    public long getMaxEntries() {
        return maxEntries;
    }

    @JsonProperty
    public void setMaxEntries(long maxEntries) {
        this.maxEntries = maxEntries;
    }

    public PostgresDeviceDirectory build(MetricRegistry metrics, LifecycleEnvironment lifecycle) {
        ManagedDataSource dataSource = database.build(metrics, "admin-database");
        lifecycle.manage(dataSource);
        return new PostgresDeviceDirectory(dataSource, cacheFor.toJavaDuration(), maxEntries);
    }
}
