package dev.breakaway.identity.testing;

import dev.breakaway.identity.EndpointRoles;
import dev.breakaway.identity.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls every protected endpoint of a running service as every kind of caller and lists what
 * answered otherwise than its declared roles say: no token, an expired one, one signed by another
 * key, one for another audience → 401; a role not declared → 403; a declared role → neither (the
 * request may still be refused for what it asks: 400, 404, 409). Open endpoints ({@code Public})
 * are the services' own tests' business.
 */
public final class RoleMatrix {

    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)(?:\\s*:[^}]*)?}");

    /** The callers: a name and a bearer token (null for none). */
    public record Callers(
            String expired, String otherKey, String otherAudience, Map<Role, String> roles) {}

    /** One answer that was not what the roles say. */
    public record Violation(
            String method, String path, String caller, int expected, int status, String body) {
        @Override
        public String toString() {
            return method
                    + " "
                    + path
                    + " as "
                    + caller
                    + ": expected "
                    + (expected == 0 ? "neither 401 nor 403" : String.valueOf(expected))
                    + ", got "
                    + status
                    + " "
                    + body.substring(0, Math.min(200, body.length()));
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final Map<String, String> pathValues;

    /**
     * @param pathValues a value for each path parameter (e.g. an existing race id)
     */
    public RoleMatrix(String baseUrl, Map<String, String> pathValues) {
        this.baseUrl = baseUrl;
        this.pathValues = pathValues;
    }

    /** How many calls {@link #check} made, for the test to show it did something. */
    private int calls;

    public int calls() {
        return calls;
    }

    public List<Violation> check(List<EndpointRoles.Endpoint> endpoints, Callers callers) {
        List<Violation> violations = new ArrayList<>();
        for (EndpointRoles.Endpoint endpoint : endpoints) {
            if (endpoint.open()) {
                continue;
            }
            String path = fill(endpoint.path());
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("no token", null);
            bad.put("an expired token", callers.expired());
            bad.put("a token signed by another key", callers.otherKey());
            bad.put("a token for another audience", callers.otherAudience());
            bad.put("a malformed token", "not-a-jwt");
            for (Map.Entry<String, String> caller : bad.entrySet()) {
                expect(endpoint, path, caller.getKey(), caller.getValue(), 401, violations);
            }
            for (Map.Entry<Role, String> role : callers.roles().entrySet()) {
                boolean allowed =
                        endpoint.anySignedIn()
                                || endpoint.roles().contains(role.getKey().groupName());
                expect(
                        endpoint,
                        path,
                        "role " + role.getKey().groupName(),
                        role.getValue(),
                        allowed ? 0 : 403,
                        violations);
            }
        }
        return violations;
    }

    private void expect(
            EndpointRoles.Endpoint endpoint,
            String path,
            String caller,
            String token,
            int expected,
            List<Violation> violations) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        boolean withBody =
                endpoint.httpMethod().equals("POST") || endpoint.httpMethod().equals("PUT");
        request.method(
                endpoint.httpMethod(),
                withBody
                        ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closed) {
                // a server may close a kept-alive connection after refusing a request whose body
                // it did not read; a client sends again on a new one
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        calls++;
        int status = response.statusCode();
        boolean ok =
                expected == 0 ? status != 401 && status != 403 && status < 500 : status == expected;
        // a service that depends on a server the matrix does not start may answer 503 to an
        // allowed caller: still not a refusal of the caller
        if (expected == 0 && status == 503) {
            ok = true;
        }
        if (!ok) {
            violations.add(
                    new Violation(
                            endpoint.httpMethod(),
                            path,
                            caller,
                            expected,
                            status,
                            response.body()));
        }
    }

    private String fill(String template) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = pathValues.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "no value for path parameter " + m.group(1) + " of " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
