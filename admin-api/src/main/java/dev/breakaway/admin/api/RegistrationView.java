package dev.breakaway.admin.api;

import java.time.Instant;

public record RegistrationView(
        String raceId,
        String riderId,
        String name,
        String teamId,
        String bib,
        Instant startTime,
        Instant abandonedAt,
        long penaltySeconds) {}
