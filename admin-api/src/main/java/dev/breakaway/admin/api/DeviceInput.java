package dev.breakaway.admin.api;

/** A device to issue to a registered rider; {@code label} says which (e.g. "phone", "spare"). */
public record DeviceInput(String riderId, String label) {}
