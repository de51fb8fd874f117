package dev.breakaway.admin.core;

import dev.breakaway.core.model.RaceDefinition;

/** Where race definitions go for the tracker: {@code race-control} in production. */
public interface DefinitionPublisher {

    /**
     * Publishes a definition; returns once it is durably on its way.
     *
     * @throws RuntimeException if it could not be published (the caller's change is rolled back)
     */
    void publish(RaceDefinition definition);
}
