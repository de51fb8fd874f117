package dev.breakaway.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Which tokens a service accepts.
 *
 * @param issuer the issuer URL, exactly as tokens carry it in {@code iss} (Cognito: {@code
 *     https://cognito-idp.<region>.amazonaws.com/<pool id>})
 * @param audience what tokens must name in {@code aud} (Cognito ID tokens: the app client id)
 * @param jwksUri where the issuer's signing keys are ({@code <issuer>/.well-known/jwks.json} for
 *     Cognito; the discovery document's {@code jwks_uri} in general)
 * @param rolesClaim the claim that lists the user's groups ({@code cognito:groups})
 * @param clockSkew how far clocks may disagree on expiry and not-before
 */
public record OidcSettings(
        URI issuer, String audience, URI jwksUri, String rolesClaim, Duration clockSkew) {

    public static final String COGNITO_GROUPS = "cognito:groups";

    public OidcSettings {
        Objects.requireNonNull(issuer, "issuer is null");
        Objects.requireNonNull(audience, "audience is null");
        Objects.requireNonNull(jwksUri, "jwksUri is null");
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? COGNITO_GROUPS : rolesClaim;
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
        }
    }
}
