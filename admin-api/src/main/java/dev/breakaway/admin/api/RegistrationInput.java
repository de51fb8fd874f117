package dev.breakaway.admin.api;

import java.time.Instant;

/**
 * A rider on a race's start list.
 *
 * @param startTime the rider's own start (a time trial), or absent for the race's
 */
public record RegistrationInput(String riderId, String bib, Instant startTime) {}
