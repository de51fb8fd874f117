package dev.breakaway.query.api;

import dev.breakaway.contracts.json.RaceUpdate;
import java.util.List;

/**
 * A page of a race's events ({@code GET /v1/races/{raceId}/events}).
 *
 * @param events oldest first, as the tracker wrote them
 * @param next the {@code since} of the following page
 */
public record EventsPage(List<RaceUpdate> events, long next) {}
