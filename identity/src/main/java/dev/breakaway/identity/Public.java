package dev.breakaway.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an endpoint open to anyone, without a token (spectators' live data, the pages, a
 * device's own credential checked by the resource itself). Every endpoint declares its roles: this,
 * or {@code RolesAllowed} / {@code DenyAll}; {@link EndpointRoles} finds the ones that do not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Public {
    /** Why no token is needed, for the reader. */
    String value();
}
