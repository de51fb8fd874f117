package dev.breakaway.admin.api;

import java.time.Instant;

/** When an official's act took effect (a neutralisation, a restart); absent for now. */
public record AtInput(Instant at) {}
