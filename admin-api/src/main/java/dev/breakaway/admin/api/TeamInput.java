package dev.breakaway.admin.api;

public record TeamInput(String teamId, String name) {}
