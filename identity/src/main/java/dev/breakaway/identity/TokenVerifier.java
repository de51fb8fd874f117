package dev.breakaway.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks OIDC bearer tokens (signed JWTs) the way every service must: signature by a key the issuer
 * publishes in its JWKS (RS256 or ES256; the keys are fetched, cached and fetched again when a
 * token names a key not seen yet, so the issuer may rotate its keys), issuer, audience, expiry and
 * not-before (with the configured skew), a subject. Thread-safe.
 */
public final class TokenVerifier {

    private final OidcSettings settings;
    private final ConfigurableJWTProcessor<SecurityContext> processor;

    /** At most one fetch of the keys in this time for tokens that name an unknown key. */
    static final long KEY_REFRESH_MIN_INTERVAL_MS = 10_000;

    public TokenVerifier(OidcSettings settings) {
        this(settings, remoteKeys(settings, KEY_REFRESH_MIN_INTERVAL_MS));
    }

    /** A verifier over given keys (tests; a service uses the issuer's JWKS). */
    public TokenVerifier(OidcSettings settings, JWKSource<SecurityContext> keys) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        jwt.setJWSKeySelector(
                new JWSVerificationKeySelector<>(
                        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        settings.audience(),
                        new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
                        Set.of("sub", "exp", "iat"));
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        jwt.setJWTClaimsSetVerifier(claims);
        this.processor = jwt;
    }

    /**
     * The issuer's keys: cached; fetched again when a token names a key not in the cache (key
     * rotation), at most once per {@code refreshMinIntervalMs} so that tokens naming made-up keys
     * cannot make the service hammer the issuer; the last keys are kept through an issuer outage.
     */
    static JWKSource<SecurityContext> remoteKeys(OidcSettings settings, long refreshMinIntervalMs) {
        try {
            return JWKSourceBuilder.create(settings.jwksUri().toURL())
                    .retrying(true)
                    .rateLimited(refreshMinIntervalMs)
                    .outageTolerantForever()
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + settings.jwksUri(), e);
        }
    }

    /** The caller a token proves. */
    public Caller verify(String token) throws TokenRejectedException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new TokenRejectedException("not a signed JWT", e);
        } catch (BadJOSEException e) {
            throw new TokenRejectedException(e.getMessage(), e);
        } catch (JOSEException e) {
            // the keys could not be had (issuer down) or a key is unusable: not the caller's fault,
            // but no token can be trusted either
            throw new TokenRejectedException("the token could not be checked: " + e, e);
        }
        return new Caller(claims.getSubject(), nameOf(claims), rolesOf(claims));
    }

    private static String nameOf(JWTClaimsSet claims) {
        for (String claim : List.of("cognito:username", "preferred_username", "email", "name")) {
            Object value = claims.getClaim(claim);
            if (value instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return claims.getSubject();
    }

    private Set<Role> rolesOf(JWTClaimsSet claims) {
        Object value = claims.getClaim(settings.rolesClaim());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> groups = new HashSet<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                groups.add(String.valueOf(item));
            }
        } else if (value instanceof String s) {
            // some issuers send one space- or comma-separated string
            groups.addAll(List.of(s.split("[\\s,]+")));
        }
        for (String group : groups) {
            Role.ofGroup(group).ifPresent(roles::add);
        }
        return roles;
    }
}
