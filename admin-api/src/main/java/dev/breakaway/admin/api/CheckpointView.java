package dev.breakaway.admin.api;

public record CheckpointView(String id, String name, String kind, double distanceMeters) {}
