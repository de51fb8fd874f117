package dev.breakaway.admin.api;

import java.time.Instant;

public record StartTimeInput(Instant startTime) {}
