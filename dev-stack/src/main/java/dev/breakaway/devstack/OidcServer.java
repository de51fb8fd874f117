package dev.breakaway.devstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The local OIDC issuer: a real OAuth 2.0 / OpenID Connect server ({@code
 * no.nav.security:mock-oauth2-server}) on 127.0.0.1, in this JVM, with discovery, JWKS, token and
 * authorization endpoints and a login page that offers the demo users. Tokens carry the users'
 * groups in {@code cognito:groups}, as Amazon Cognito's do, and {@link #AUDIENCE} in {@code aud}.
 */
public final class OidcServer implements AutoCloseable {

    /** The issuer id: tokens' {@code iss} is {@code http://127.0.0.1:<port>/breakaway}. */
    public static final String ISSUER_ID = "breakaway";

    /** The audience (the client id of the platform's pages and services). */
    public static final String AUDIENCE = "breakaway";

    public static final String GROUPS_CLAIM = "cognito:groups";

    /** A user of the local issuer: sign in with its name on the login page. */
    public record DemoUser(String username, String displayName, String group) {}

    /** One user per role. */
    public static final List<DemoUser> DEMO_USERS =
            List.of(
                    new DemoUser("ada", "Ada (admin)", "admin"),
                    new DemoUser("otto", "Otto (race official)", "official"),
                    new DemoUser("ana", "Ana (analyst)", "analyst"),
                    new DemoUser("rui", "Rui (rider)", "rider"));

    private static final long TOKEN_SECONDS = 3600;

    private final MockOAuth2Server server;
    private final Path loginPage;

    private OidcServer(MockOAuth2Server server, Path loginPage) {
        this.server = server;
        this.loginPage = loginPage;
    }

    /** Starts the issuer on {@code port} (0: any free port). */
    public static OidcServer start(int port) {
        try {
            Path loginPage = Files.createTempFile("oidc-login-", ".html");
            Files.writeString(loginPage, loginPageHtml(), StandardCharsets.UTF_8);
            OAuth2Config config =
                    new OAuth2Config(
                            true,
                            loginPage.toString(),
                            null,
                            false,
                            new OAuth2TokenProvider(),
                            Set.of(
                                    new DefaultOAuth2TokenCallback(
                                            ISSUER_ID,
                                            "anonymous",
                                            "JWT",
                                            List.of(AUDIENCE),
                                            Map.of(),
                                            TOKEN_SECONDS)));
            MockOAuth2Server server = new MockOAuth2Server(config);
            server.start(
                    InetAddress.getByName("127.0.0.1"), port == 0 ? LocalStack.freePort() : port);
            return new OidcServer(server, loginPage);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The login page: one button per demo user, each signing in with the user's groups as the
     * {@code cognito:groups} claim (the form fields the mock server's login handler reads).
     */
    private static String loginPageHtml() {
        StringBuilder html = new StringBuilder();
        html.append(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width\">"
                        + "<title>Breakaway sign-in (local)</title></head><body>"
                        + "<h1>Breakaway sign-in</h1>"
                        + "<p>The local identity provider: choose a demo user.</p>");
        for (DemoUser user : DEMO_USERS) {
            html.append("<form method=\"post\">")
                    .append("<input type=\"hidden\" name=\"username\" value=\"")
                    .append(user.username())
                    .append("\">")
                    .append("<input type=\"hidden\" name=\"claims\" value='{\"")
                    .append(GROUPS_CLAIM)
                    .append("\":[\"")
                    .append(user.group())
                    .append("\"],\"preferred_username\":\"")
                    .append(user.username())
                    .append("\"}'>")
                    .append("<button type=\"submit\" id=\"sign-in-")
                    .append(user.username())
                    .append("\">Sign in as ")
                    .append(user.displayName())
                    .append("</button></form>");
        }
        return html.append("</body></html>").toString();
    }

    public int port() {
        return server.baseUrl().port();
    }

    /** The issuer URL, as tokens carry it in {@code iss}. */
    public URI issuer() {
        return URI.create(server.issuerUrl(ISSUER_ID).toString());
    }

    public URI jwksUri() {
        return URI.create(server.jwksUrl(ISSUER_ID).toString());
    }

    public URI authorizationEndpoint() {
        return URI.create(server.authorizationEndpointUrl(ISSUER_ID).toString());
    }

    public URI tokenEndpoint() {
        return URI.create(server.tokenEndpointUrl(ISSUER_ID).toString());
    }

    /** A signed token for a user in the given groups, valid for an hour. */
    public String token(String subject, List<String> groups) {
        return token(subject, groups, AUDIENCE, Duration.ofSeconds(TOKEN_SECONDS));
    }

    /**
     * A signed token of this issuer; {@code validFor} may be negative (a token already expired).
     */
    public String token(String subject, List<String> groups, String audience, Duration validFor) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(GROUPS_CLAIM, groups);
        claims.put("preferred_username", subject);
        SignedJWT jwt =
                server.issueToken(
                        ISSUER_ID,
                        subject,
                        new DefaultOAuth2TokenCallback(
                                ISSUER_ID,
                                subject,
                                "JWT",
                                List.of(audience),
                                claims,
                                validFor.toSeconds()));
        return jwt.serialize();
    }

    /**
     * A token that claims to be this issuer's, for the given groups and audience, but is signed by
     * a key of its own under the issuer's key id: what a forger would send. No service may accept
     * it.
     */
    public String forgedToken(String subject, List<String> groups) {
        try {
            String kid = SignedJWT.parse(token(subject, groups)).getHeader().getKeyID();
            RSAKey forged = new RSAKeyGenerator(2048).keyID(kid).generate();
            java.time.Instant now = java.time.Instant.now();
            SignedJWT jwt =
                    new SignedJWT(
                            new JWSHeader.Builder(JWSAlgorithm.RS256)
                                    .keyID(kid)
                                    .type(JOSEObjectType.JWT)
                                    .build(),
                            new JWTClaimsSet.Builder()
                                    .issuer(issuer().toString())
                                    .audience(AUDIENCE)
                                    .subject(subject)
                                    .issueTime(Date.from(now))
                                    .expirationTime(Date.from(now.plusSeconds(TOKEN_SECONDS)))
                                    .claim(GROUPS_CLAIM, groups)
                                    .build());
            jwt.sign(new RSASSASigner(forged));
            return jwt.serialize();
        } catch (java.text.ParseException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            Files.deleteIfExists(loginPage);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
