package dev.breakaway.ingest.db;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.breakaway.ingest.core.DeviceDirectory;
import dev.breakaway.ingest.core.DeviceGrant;
import dev.breakaway.ingest.core.RaceWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The device grants and race windows of the admin database (admin-api writes them), shared by every
 * ingest instance. Each answer is kept for {@code cacheFor}, so a revocation, a race started or
 * finished, reaches every instance within that time while a busy device costs one query per {@code
 * cacheFor}, not one per request. Unknown tokens are remembered as unknown just as long.
 */
public final class PostgresDeviceDirectory implements DeviceDirectory {

    private final DataSource dataSource;
    private final LoadingCache<String, Optional<DeviceGrant>> grants;
    private final LoadingCache<String, Optional<RaceWindow>> races;

    public PostgresDeviceDirectory(DataSource dataSource, Duration cacheFor, long maxEntries) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
        this.grants =
                Caffeine.newBuilder()
                        .expireAfterWrite(cacheFor)
                        .maximumSize(maxEntries)
                        .build(this::loadGrant);
        this.races =
                Caffeine.newBuilder()
                        .expireAfterWrite(cacheFor)
                        .maximumSize(maxEntries)
                        .build(this::loadRace);
    }

    @Override
    public Optional<DeviceGrant> findByHash(String tokenSha256) {
        if (tokenSha256 == null || !tokenSha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return grants.get(tokenSha256); // a loader's failure is an UnavailableException
    }

    /**
     * A race that takes no fixes is not remembered: it is asked for only with a valid grant, and a
     * race just started must take its devices' first fixes at once.
     */
    @Override
    public Optional<RaceWindow> race(String raceId) {
        Optional<RaceWindow> window = races.get(raceId);
        if (window.isEmpty()) {
            races.invalidate(raceId);
        }
        return window;
    }

    private Optional<DeviceGrant> loadGrant(String tokenSha256) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT race_id, rider_id, revoked_at IS NOT NULL FROM devices"
                                        + " WHERE token_sha256 = ?")) {
            s.setString(1, tokenSha256);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new DeviceGrant(
                                tokenSha256, rs.getString(1), rs.getString(2), rs.getBoolean(3)));
            }
        } catch (SQLException e) {
            throw new UnavailableException("the admin database cannot be read: " + e, e);
        }
    }

    private Optional<RaceWindow> loadRace(String raceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT accept_fixes_from, accept_fixes_until FROM races WHERE"
                                        + " race_id = ? AND status IN ('LIVE', 'FINISHED') AND"
                                        + " accept_fixes_from IS NOT NULL AND accept_fixes_until"
                                        + " IS NOT NULL")) {
            s.setString(1, raceId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp from = rs.getTimestamp(1);
                Timestamp until = rs.getTimestamp(2);
                if (!until.after(from)) {
                    return Optional.empty();
                }
                return Optional.of(new RaceWindow(raceId, from.toInstant(), until.toInstant()));
            }
        } catch (SQLException e) {
            throw new UnavailableException("the admin database cannot be read: " + e, e);
        }
    }
}
