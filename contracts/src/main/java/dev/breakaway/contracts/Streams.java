package dev.breakaway.contracts;

/**
 * The platform's Kinesis streams, by their default names (each deployment may prefix or rename them
 * in its configuration; nothing else spells them).
 *
 * <ul>
 *   <li>{@link #GPS_FIXES}: one {@code GpsFix} per record, JSON, partition key {@link
 *       PartitionKeys#rider}, so that each rider's fixes stay in order; written by ingest-api.
 *   <li>{@link #RACE_CONTROL}: one race definition per record ({@link
 *       dev.breakaway.contracts.control.RaceControl}), partition key {@link PartitionKeys#race}; a
 *       higher version of a race replaces the lower.
 *   <li>{@link #RACE_UPDATES}: the tracker's output ({@link
 *       dev.breakaway.contracts.json.RaceUpdate}), partition key {@link PartitionKeys#race}.
 * </ul>
 */
public final class Streams {

    private Streams() {}

    public static final String GPS_FIXES = "gps-fixes";
    public static final String RACE_CONTROL = "race-control";
    public static final String RACE_UPDATES = "race-updates";
}
