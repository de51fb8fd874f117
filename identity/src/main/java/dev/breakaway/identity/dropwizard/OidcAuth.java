package dev.breakaway.identity.dropwizard;

import dev.breakaway.identity.Caller;
import dev.breakaway.identity.Role;
import dev.breakaway.identity.TokenRejectedException;
import dev.breakaway.identity.TokenVerifier;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import java.util.Objects;
import java.util.Optional;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires OIDC bearer tokens into a Dropwizard service: endpoints marked {@code RolesAllowed} need a
 * valid token ({@code 401} without one) of a caller with one of the roles ({@code 403} otherwise);
 * {@code Auth Caller} parameters get the caller. Endpoints without such an annotation are open, so
 * every service's tests check that each endpoint declares its roles ({@code EndpointRoles}).
 */
public final class OidcAuth {

    private static final Logger LOG = LoggerFactory.getLogger(OidcAuth.class);

    public static final String REALM = "breakaway";

    private OidcAuth() {}

    /**
     * For a service with no issuer configured: endpoints that need a role refuse everyone (403);
     * open endpoints stay open.
     */
    public static void denyProtected(JerseyEnvironment jersey) {
        jersey.register(RolesAllowedDynamicFeature.class);
    }

    public static void register(JerseyEnvironment jersey, TokenVerifier verifier) {
        Objects.requireNonNull(verifier, "verifier is null");
        jersey.register(
                new AuthDynamicFeature(
                        new OAuthCredentialAuthFilter.Builder<Caller>()
                                .setAuthenticator(
                                        token -> {
                                            try {
                                                return Optional.of(verifier.verify(token));
                                            } catch (TokenRejectedException e) {
                                                LOG.debug("token refused: {}", e.getMessage());
                                                return Optional.empty();
                                            }
                                        })
                                .setAuthorizer(
                                        (caller, role, request) ->
                                                Role.ofGroup(role).map(caller::has).orElse(false))
                                .setPrefix("Bearer")
                                .setRealm(REALM)
                                .buildAuthFilter()));
        jersey.register(RolesAllowedDynamicFeature.class);
        jersey.register(new AuthValueFactoryProvider.Binder<>(Caller.class));
    }
}
