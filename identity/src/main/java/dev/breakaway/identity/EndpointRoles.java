package dev.breakaway.identity;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The roles every JAX-RS endpoint declares, read off its annotations (method, else class). */
public final class EndpointRoles {

    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(
                    GET.class,
                    POST.class,
                    PUT.class,
                    DELETE.class,
                    PATCH.class,
                    HEAD.class,
                    OPTIONS.class);

    /**
     * One endpoint.
     *
     * @param roles the role names allowed; empty with {@code open} for {@link Public}
     * @param open no token needed
     * @param anySignedIn any valid token ({@code PermitAll})
     */
    public record Endpoint(
            String httpMethod,
            String path,
            Method method,
            Set<String> roles,
            boolean open,
            boolean anySignedIn,
            boolean declared) {}

    private EndpointRoles() {}

    /** Every endpoint of the resource classes, sorted by path and method. */
    public static List<Endpoint> of(Class<?>... resources) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Class<?> resource : resources) {
            Path classPath = resource.getAnnotation(Path.class);
            for (Method method : resource.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String path =
                        join(
                                classPath == null ? "" : classPath.value(),
                                methodPath == null ? "" : methodPath.value());
                endpoints.add(endpoint(http, path, method, resource));
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::httpMethod));
        return endpoints;
    }

    private static Endpoint endpoint(String http, String path, Method method, Class<?> resource) {
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        boolean open = method.isAnnotationPresent(Public.class);
        boolean permit = method.isAnnotationPresent(PermitAll.class);
        boolean deny = method.isAnnotationPresent(DenyAll.class);
        if (roles == null && !open && !permit && !deny) {
            roles = resource.getAnnotation(RolesAllowed.class);
            open = resource.isAnnotationPresent(Public.class);
            permit = resource.isAnnotationPresent(PermitAll.class);
            deny = resource.isAnnotationPresent(DenyAll.class);
        }
        boolean declared = roles != null || open || permit || deny;
        return new Endpoint(
                http,
                path,
                method,
                roles == null ? Set.of() : Set.copyOf(Arrays.asList(roles.value())),
                open,
                permit,
                declared);
    }

    private static String httpMethod(Method method) {
        for (Class<? extends Annotation> http : HTTP_METHODS) {
            if (method.isAnnotationPresent(http)) {
                return http.getSimpleName();
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        String left = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
        String right = b.isEmpty() || b.startsWith("/") ? b : "/" + b;
        String path = left + right;
        return path.startsWith("/") ? path : "/" + path;
    }
}
