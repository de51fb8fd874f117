package dev.breakaway.admin.health;

import com.codahale.metrics.health.HealthCheck;
import org.jdbi.v3.core.Jdbi;

/** Healthy when the admin database answers a query on its own tables. */
public class DatabaseHealthCheck extends HealthCheck {

    private final Jdbi jdbi;

    public DatabaseHealthCheck(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    protected Result check() {
        long races =
                jdbi.withHandle(
                        h -> h.createQuery("SELECT count(*) FROM races").mapTo(Long.class).one());
        return Result.healthy(races + " races");
    }
}
