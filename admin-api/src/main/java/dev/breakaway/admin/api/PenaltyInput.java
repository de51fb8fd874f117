package dev.breakaway.admin.api;

/** A rider's total time penalty, in seconds (0 lifts it). */
public record PenaltyInput(Long seconds) {}
