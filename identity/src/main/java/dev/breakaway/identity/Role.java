package dev.breakaway.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * The platform's roles. A user's roles come from the token's group claim ({@code cognito:groups} in
 * Amazon Cognito); spectators are anonymous and have none. The names are what {@code RolesAllowed}
 * annotations say, so they are constants in {@link Names}.
 */
public enum Role {
    /** Manages everything: races, courses, riders, devices, users' work. */
    ADMIN(Names.ADMIN),
    /** Runs a race on the day: starts and finishes it, abandons, penalties, devices. */
    OFFICIAL(Names.OFFICIAL),
    /** Reads race history and race data, changes nothing. */
    ANALYST(Names.ANALYST),
    /** A registered rider: rides with a device credential; reads nothing more than a spectator. */
    RIDER(Names.RIDER);

    /** The role names, as {@code RolesAllowed} and the token's group claim spell them. */
    public static final class Names {
        public static final String ADMIN = "admin";
        public static final String OFFICIAL = "official";
        public static final String ANALYST = "analyst";
        public static final String RIDER = "rider";

        private Names() {}
    }

    private final String groupName;

    Role(String groupName) {
        this.groupName = groupName;
    }

    /** The group a user must be in (in the token's group claim) to have this role. */
    public String groupName() {
        return groupName;
    }

    /** The role of a group name (case-insensitive); empty for groups that are not roles. */
    public static Optional<Role> ofGroup(String group) {
        if (group == null) {
            return Optional.empty();
        }
        String name = group.strip().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.groupName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
