package dev.breakaway.ingest.core;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device grants and race windows of ingest's configuration (one machine, no admin API);
 * revoking a grant takes effect on the next request of that device, in this process only.
 */
public final class DeviceRegistry implements DeviceDirectory {

    private final Map<String, DeviceGrant> byHash = new ConcurrentHashMap<>();
    private final Map<String, RaceWindow> races;

    public DeviceRegistry(Collection<DeviceGrant> grants) {
        this(grants, Map.of());
    }

    public DeviceRegistry(Collection<DeviceGrant> grants, Map<String, RaceWindow> races) {
        this.races = Map.copyOf(races);
        for (DeviceGrant grant : grants) {
            if (byHash.putIfAbsent(grant.tokenSha256(), grant) != null) {
                throw new IllegalArgumentException(
                        "token hash " + grant.tokenSha256() + " is granted twice");
            }
        }
    }

    @Override
    public Optional<DeviceGrant> findByHash(String tokenSha256) {
        return Optional.ofNullable(byHash.get(tokenSha256));
    }

    @Override
    public Optional<RaceWindow> race(String raceId) {
        return Optional.ofNullable(races.get(raceId));
    }

    public void put(DeviceGrant grant) {
        byHash.put(grant.tokenSha256(), grant);
    }

    /** Revokes a token by its hash; {@code false} if no such token is known. */
    public boolean revoke(String tokenSha256) {
        return byHash.computeIfPresent(tokenSha256, (hash, grant) -> grant.revoke()) != null;
    }
}
