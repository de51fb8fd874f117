package dev.breakaway.core.incidents;

/** What can happen to a rider that race officials and spectators are told about. */
public enum IncidentType {
    /** An abrupt stop from race speed, then stillness. */
    CRASH,
    /** Still for a while without a crash signature (mechanical, nature break, abandon). */
    STOPPED,
    /** Too far from the course for too long. */
    OFF_COURSE,
    /** No fix for too long while racing. */
    SIGNAL_LOST
}
