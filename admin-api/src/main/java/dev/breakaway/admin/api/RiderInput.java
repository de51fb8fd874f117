package dev.breakaway.admin.api;

public record RiderInput(String riderId, String name, String teamId) {}
