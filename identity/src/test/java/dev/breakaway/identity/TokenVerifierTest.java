package dev.breakaway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.breakaway.devstack.OidcServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens of the real local issuer, and of keys and issuers it does not know. */
class TokenVerifierTest {

    private static OidcServer issuer;
    private static TokenVerifier verifier;

    @BeforeAll
    static void start() {
        issuer = OidcServer.start(0);
        verifier =
                new TokenVerifier(
                        new OidcSettings(
                                issuer.issuer(),
                                OidcServer.AUDIENCE,
                                issuer.jwksUri(),
                                OidcServer.GROUPS_CLAIM,
                                Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void aTokenOfTheIssuerGivesTheCallerAndItsRoles() throws Exception {
        Caller caller =
                verifier.verify(issuer.token("u-17", List.of("official", "analyst", "cyclists")));

        assertThat(caller.subject()).isEqualTo("u-17");
        assertThat(caller.getName()).isEqualTo("u-17");
        // a group that is not a role gives nothing
        assertThat(caller.roles()).containsExactlyInAnyOrder(Role.OFFICIAL, Role.ANALYST);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired =
                issuer.token("u-1", List.of("admin"), OidcServer.AUDIENCE, Duration.ofSeconds(-60));

        assertThatThrownBy(() -> verifier.verify(expired))
                .isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("xpired");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String other = issuer.token("u-1", List.of("admin"), "another-app", Duration.ofMinutes(5));

        assertThatThrownBy(() -> verifier.verify(other))
                .isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("aud");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefusedEvenWithTheIssuersKeyId() throws Exception {
        // same issuer, audience and claims, and the key id the issuer uses: only the key differs
        String kid = SignedJWT.parse(issuer.token("u-1", List.of("admin"))).getHeader().getKeyID();
        RSAKey forged = new RSAKeyGenerator(2048).keyID(kid).generate();

        String token = sign(forged, issuer.issuer(), OidcServer.AUDIENCE, List.of("admin"));

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        try (OidcServer other = OidcServer.start(0)) {
            String token = other.token("u-1", List.of("admin"));

            assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOf(TokenRejectedException.class);
        }
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : List.of("", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.")) {
            assertThatThrownBy(() -> verifier.verify(garbage))
                    .isInstanceOf(TokenRejectedException.class);
        }
    }

    @Test
    void anUnsignedTokenIsRefused() {
        // alg "none" with valid-looking claims
        String header =
                java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String body =
                java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                ("{\"iss\":\""
                                                + issuer.issuer()
                                                + "\",\"aud\":\"breakaway\",\"sub\":\"x\","
                                                + "\"exp\":9999999999,\"iat\":1,"
                                                + "\"cognito:groups\":[\"admin\"]}")
                                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> verifier.verify(header + "." + body + "."))
                .isInstanceOf(TokenRejectedException.class);
    }

    @Test
    void theIssuerMayRotateItsKeys() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("k2").generate();
        AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(first.toPublicJWK()));
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext(
                "/jwks",
                exchange -> {
                    byte[] body = published.get().toString(true).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        jwks.start();
        try {
            URI iss = URI.create("https://issuer.example/pool");
            OidcSettings settings =
                    new OidcSettings(
                            iss,
                            "app",
                            URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks"),
                            null,
                            null);
            TokenVerifier rotating =
                    new TokenVerifier(settings, TokenVerifier.remoteKeys(settings, 200));
            assertThat(rotating.verify(sign(first, iss, "app", List.of("analyst"))).roles())
                    .containsExactly(Role.ANALYST);

            // the issuer publishes a new key and signs with it; the old key is gone
            published.set(new JWKSet(second.toPublicJWK()));
            String signedWithNew = sign(second, iss, "app", List.of("admin"));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () ->
                                    assertThat(rotating.verify(signedWithNew).roles())
                                            .isEqualTo(Set.of(Role.ADMIN)));
        } finally {
            jwks.stop(0);
        }
    }

    private static String sign(RSAKey key, URI iss, String audience, List<String> groups)
            throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256)
                                .keyID(key.getKeyID())
                                .type(JOSEObjectType.JWT)
                                .build(),
                        new JWTClaimsSet.Builder()
                                .issuer(iss.toString())
                                .audience(audience)
                                .subject("u-1")
                                .issueTime(Date.from(now))
                                .expirationTime(Date.from(now.plusSeconds(300)))
                                .claim("cognito:groups", groups)
                                .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
