package dev.breakaway.admin.api;

/** A refusal: a stable reason code and a message for the person who sent the request. */
public record ErrorView(String reason, String message) {}
