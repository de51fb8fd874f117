package dev.breakaway.ingest.core;

import dev.breakaway.contracts.identity.DeviceTokens;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device grants ingest knows, by token hash. Until the admin API manages them, they come from
 * configuration; revoking one takes effect on the next request of that device.
 */
public final class DeviceRegistry {

    private final Map<String, DeviceGrant> byHash = new ConcurrentHashMap<>();

    public DeviceRegistry(Collection<DeviceGrant> grants) {
        for (DeviceGrant grant : grants) {
            if (byHash.putIfAbsent(grant.tokenSha256(), grant) != null) {
                throw new IllegalArgumentException(
                        "token hash " + grant.tokenSha256() + " is granted twice");
            }
        }
    }

    /** The grant of a presented token, revoked or not. */
    public Optional<DeviceGrant> find(String token) {
        return Optional.ofNullable(byHash.get(DeviceTokens.hash(token)));
    }

    /** The grant of a token by its stored hash. */
    public Optional<DeviceGrant> findByHash(String tokenSha256) {
        return Optional.ofNullable(byHash.get(tokenSha256));
    }

    public void put(DeviceGrant grant) {
        byHash.put(grant.tokenSha256(), grant);
    }

    /** Revokes a token by its hash; {@code false} if no such token is known. */
    public boolean revoke(String tokenSha256) {
        return byHash.computeIfPresent(tokenSha256, (hash, grant) -> grant.revoke()) != null;
    }
}
