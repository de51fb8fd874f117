package dev.breakaway.identity;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A signed-in user, as a verified token says: its subject (the issuer's user id) and roles.
 *
 * @param subject the token's {@code sub}
 * @param name a name to show and to write in audit logs (username, email or the subject)
 */
public record Caller(String subject, String name, Set<Role> roles) implements Principal {

    public Caller {
        Objects.requireNonNull(subject, "subject is null");
        name = name == null || name.isBlank() ? subject : name;
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
