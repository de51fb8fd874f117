package dev.breakaway.flink.lakehouse;

import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.flink.tracker.RaceControlMessage;
import dev.breakaway.flink.tracker.TrackedFix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * The job's records as rows of the history tables ({@code LakehouseTables}), columns in the tables'
 * order. A thin shell: no logic beyond the mapping.
 */
public final class HistoryRows {

    /** Standings snapshots are kept every this many seconds of race time. */
    public static final long STANDINGS_EVERY_SECONDS = 10;

    private HistoryRows() {}

    /** {@code raw_fixes}: the fix as ingest received it. */
    public static RowData rawFix(TrackedFix tracked) {
        GpsFix f = tracked.fix();
        return GenericRowData.of(
                text(f.raceId()),
                text(f.riderId()),
                time(f.timestamp()),
                f.lat(),
                f.lon(),
                f.elevationMeters(),
                f.accuracyMeters(),
                f.speedMps(),
                f.bearingDeg(),
                time(f.receivedAt()),
                f.late());
    }

    /** {@code matched_fixes}: the fix with what the tracker made of it. */
    public static RowData matchedFix(TrackedFix tracked) {
        GpsFix f = tracked.fix();
        return GenericRowData.of(
                text(f.raceId()),
                text(f.riderId()),
                time(f.timestamp()),
                f.lat(),
                f.lon(),
                text(tracked.verdict().name()),
                tracked.raceDistanceMeters(),
                tracked.lap(),
                tracked.lateralOffsetMeters(),
                f.speedMps(),
                tracked.finished(),
                f.late());
    }

    /** {@code passages}. */
    public static RowData passage(CheckpointPassage p) {
        return GenericRowData.of(
                text(p.raceId()),
                text(p.riderId()),
                text(p.checkpointId()),
                p.lap(),
                time(p.crossingTime()),
                p.raceDistanceMeters(),
                p.finish());
    }

    /** {@code incidents}: one row as raised, one as cleared. */
    public static RowData incident(RiderIncident i) {
        return GenericRowData.of(
                text(i.raceId()),
                text(i.riderId()),
                text(i.type().name()),
                i.cleared(),
                time(i.startedAt()),
                time(i.ts()),
                i.lat(),
                i.lon(),
                i.raceDistanceMeters());
    }

    /** {@code overtakes}. */
    public static RowData overtake(Overtake o) {
        return GenericRowData.of(
                text(o.raceId()),
                text(o.riderId()),
                text(o.overtakenRiderId()),
                time(o.ts()),
                o.distanceMeters(),
                o.lat(),
                o.lon());
    }

    /** {@code races}: a race's definition as published, one row per version. */
    public static RowData race(RaceControlMessage message) {
        RaceDefinition d = message.definition();
        return GenericRowData.of(
                text(d.raceId()),
                d.version(),
                text(d.name() == null ? d.raceId() : d.name()),
                text(d.format().name()),
                time(d.startTime()),
                d.laps(),
                new TrackedRace(d).totalMeters(),
                text(message.definitionJson()));
    }

    /** {@code riders}: the race's start list as its latest definition has it. */
    public static List<RowData> riders(RaceControlMessage message) {
        RaceDefinition d = message.definition();
        List<RowData> rows = new ArrayList<>(d.riders().size());
        for (RaceRider r : d.riders()) {
            rows.add(
                    GenericRowData.of(
                            text(d.raceId()),
                            text(r.riderId()),
                            text(r.bib()),
                            text(r.name()),
                            null,
                            time(r.startTime())));
        }
        return rows;
    }

    /** Whether a standings is one of the kept snapshots (every 10 s of race time). */
    public static boolean isSnapshot(Standings s) {
        return s.asOf().getNano() == 0 && s.asOf().getEpochSecond() % STANDINGS_EVERY_SECONDS == 0;
    }

    /** {@code standings_snapshots}: a row per rider, with its group on the road. */
    public static List<RowData> standings(Standings s) {
        Map<String, RaceGroup> groupOf = new HashMap<>();
        for (RaceGroup g : s.groups()) {
            for (String rider : g.riders()) {
                groupOf.put(rider, g);
            }
        }
        List<RowData> rows = new ArrayList<>(s.riders().size());
        for (StandingsEntry e : s.riders()) {
            RaceGroup g = groupOf.get(e.riderId());
            rows.add(
                    GenericRowData.of(
                            text(s.raceId()),
                            time(s.asOf()),
                            text(e.riderId()),
                            e.position(),
                            text(e.status().name()),
                            e.lap(),
                            e.distanceMeters(),
                            e.gapSeconds(),
                            e.speedMps(),
                            time(e.finishTime()),
                            e.elapsedSeconds(),
                            g == null ? null : g.number(),
                            g == null ? null : g.gapToLeadSeconds()));
        }
        return rows;
    }

    private static StringData text(String s) {
        return s == null ? null : StringData.fromString(s);
    }

    private static TimestampData time(Instant t) {
        return t == null ? null : TimestampData.fromInstant(t);
    }
}
