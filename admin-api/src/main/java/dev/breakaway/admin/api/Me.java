package dev.breakaway.admin.api;

import java.util.List;

/** The signed-in user, as the token says. */
public record Me(String subject, String name, List<String> roles) {}
