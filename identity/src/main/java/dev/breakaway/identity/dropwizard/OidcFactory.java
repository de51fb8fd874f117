package dev.breakaway.identity.dropwizard;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.breakaway.identity.OidcSettings;
import dev.breakaway.identity.TokenVerifier;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;

/**
 * The {@code oidc} section of a service's configuration: which issuer's tokens it accepts. For
 * Amazon Cognito: {@code issuer: https://cognito-idp.<region>.amazonaws.com/<pool id>}, {@code
 * jwksUri: <issuer>/.well-known/jwks.json}, {@code audience: <app client id>}.
 */
public class OidcFactory {

    @NotNull private URI issuer;
    @NotEmpty private String audience;
    @NotNull private URI jwksUri;
    private String rolesClaim = OidcSettings.COGNITO_GROUPS;
    @NotNull private Duration clockSkew = Duration.seconds(30);

    @JsonProperty
    public URI getIssuer() {
        return issuer;
    }

    @JsonProperty
    public void setIssuer(URI issuer) {
        this.issuer = issuer;
    }

    @JsonProperty
    public String getAudience() {
        return audience;
    }

    @JsonProperty
    public void setAudience(String audience) {
        this.audience = audience;
    }

    @JsonProperty
    public URI getJwksUri() {
        return jwksUri;
    }

    @JsonProperty
    public void setJwksUri(URI jwksUri) {
        this.jwksUri = jwksUri;
    }

    @JsonProperty
    public String getRolesClaim() {
        return rolesClaim;
    }

    @JsonProperty
    public void setRolesClaim(String rolesClaim) {
        this.rolesClaim = rolesClaim;
    }

    @JsonProperty
    public Duration getClockSkew() {
        return clockSkew;
    }

    @JsonProperty
    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    public OidcSettings toSettings() {
        return new OidcSettings(issuer, audience, jwksUri, rolesClaim, clockSkew.toJavaDuration());
    }

    public TokenVerifier buildVerifier() {
        return new TokenVerifier(toSettings());
    }
}
