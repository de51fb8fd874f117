package dev.breakaway.core.model;

/** How riders start: all together, or one by one against the clock. */
public enum RaceFormat {
    MASS_START,
    TIME_TRIAL
}
