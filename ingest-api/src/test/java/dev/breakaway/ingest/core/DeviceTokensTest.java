package dev.breakaway.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.contracts.identity.DeviceTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTokensTest {

    @Test
    void tokensAreRandomAndOnlyTheirHashIsNeededToFindTheGrant() {
        String token = DeviceTokens.newToken();
        String other = DeviceTokens.newToken();
        DeviceRegistry registry =
                new DeviceRegistry(
                        List.of(new DeviceGrant(DeviceTokens.hash(token), "race", "r1", false)));

        assertThat(token).hasSize(43).isNotEqualTo(other);
        assertThat(DeviceTokens.hash(token)).hasSize(64).doesNotContain(token);
        assertThat(registry.find(token)).map(DeviceGrant::riderId).contains("r1");
        assertThat(registry.find(other)).isEmpty();
    }

    @Test
    void sha256IsTheStandardOne() {
        assertThat(DeviceTokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void revokingKeepsTheGrantButMarksIt() {
        String token = DeviceTokens.newToken();
        String hash = DeviceTokens.hash(token);
        DeviceRegistry registry =
                new DeviceRegistry(List.of(new DeviceGrant(hash, "race", "r1", false)));

        assertThat(registry.revoke(hash)).isTrue();
        assertThat(registry.revoke("0".repeat(64))).isFalse();
        assertThat(registry.find(token)).map(DeviceGrant::revoked).contains(true);
    }

    @Test
    void bearerHeadersAreParsedStrictly() {
        assertThat(DeviceTokens.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(DeviceTokens.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(DeviceTokens.bearer("Basic abc")).isNull();
        assertThat(DeviceTokens.bearer("Bearer ")).isNull();
        assertThat(DeviceTokens.bearer(null)).isNull();
    }

    @Test
    void aGrantNeedsAHashNotAToken() {
        assertThatThrownBy(() -> new DeviceGrant("my-secret-token", "race", "r1", false))
                .hasMessageContaining("SHA-256");
    }
}
