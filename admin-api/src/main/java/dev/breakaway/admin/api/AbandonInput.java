package dev.breakaway.admin.api;

import java.time.Instant;

/** When the rider abandoned; absent for now. */
public record AbandonInput(Instant at) {}
