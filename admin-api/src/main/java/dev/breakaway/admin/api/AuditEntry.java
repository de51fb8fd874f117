package dev.breakaway.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One change: who, what, when, and the entity before and after (absent when none). */
public record AuditEntry(
        long auditId,
        Instant at,
        String actor,
        String action,
        String entity,
        String entityId,
        JsonNode before,
        JsonNode after) {}
