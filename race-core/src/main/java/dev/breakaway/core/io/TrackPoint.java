package dev.breakaway.core.io;

import java.time.Instant;

/** A recorded position with its time, from a GPX or TCX activity. */
public record TrackPoint(Instant time, double lat, double lon, Double elevationMeters) {}
