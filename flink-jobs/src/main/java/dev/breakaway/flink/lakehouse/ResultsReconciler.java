package dev.breakaway.flink.lakehouse;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.results.OfficialResult;
import dev.breakaway.core.results.OfficialResults;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Keeps every race's official results in step with what the lakehouse holds, run on a schedule (as
 * the table upkeep is): a race that is over and has no results gets them, and a race whose newest
 * definition is newer than the one its results were computed from (a penalty, an abandon recorded
 * after the finish: admin-api publishes the corrected definition, the tracker stores it) gets them
 * again ({@link ResultsPublisher}), and so does a race whose stored finishes changed since its
 * results (fixes arriving late: looked at for {@link #RECHECK_FOR} after the results). It reads
 * only what is committed, so a result never misses a passage that the tracker had stored.
 *
 * <p>A race is over when every rider of its newest definition who has not abandoned has a finish
 * passage, or once its cut-off has passed ({@link RaceLifecycle}: riders who have not finished by
 * then never will, and are DNF).
 */
public final class ResultsReconciler {

    private ResultsReconciler() {}

    /** Publishes the results that are missing or out of date; returns the races published. */
    public static List<String> run(
            LakehouseCatalog lakehouse, RaceLifecycle lifecycle, Instant now) {
        Map<String, RaceDefinition> newest = new HashMap<>();
        Map<String, Long> computedFrom = new HashMap<>();
        Set<String> withResults = new HashSet<>();
        try (JdbcCatalog catalog = lakehouse.open()) {
            Table races = catalog.loadTable(LakehouseTables.RACES.identifier());
            try (CloseableIterable<Record> rows =
                    IcebergGenerics.read(races).select("race_id", "version").build()) {
                Map<String, Long> versions = new HashMap<>();
                for (Record r : rows) {
                    versions.merge(
                            (String) r.getField("race_id"),
                            (Long) r.getField("version"),
                            Math::max);
                }
                for (Map.Entry<String, Long> v : versions.entrySet()) {
                    newest.put(v.getKey(), definition(races, v.getKey(), v.getValue()));
                }
            }
            Map<String, Instant> computedAt = new HashMap<>();
            Map<String, Integer> finishedIn = new HashMap<>();
            Table results = catalog.loadTable(LakehouseTables.RESULTS.identifier());
            try (CloseableIterable<Record> rows =
                    IcebergGenerics.read(results)
                            .select("race_id", "status", "computed_at", "definition_version")
                            .build()) {
                for (Record r : rows) {
                    String race = (String) r.getField("race_id");
                    withResults.add(race);
                    Long version = (Long) r.getField("definition_version");
                    computedFrom.merge(race, version == null ? Long.MIN_VALUE : version, Math::min);
                    Instant at = ((OffsetDateTime) r.getField("computed_at")).toInstant();
                    computedAt.merge(race, at, (x, y) -> x.isBefore(y) ? x : y);
                    boolean finished = OfficialResult.FINISHED.equals(r.getField("status"));
                    finishedIn.merge(race, finished ? 1 : 0, Integer::sum);
                }
            }
            List<String> published = new ArrayList<>();
            for (RaceDefinition race : newest.values()) {
                String id = race.raceId();
                boolean due;
                if (!withResults.contains(id)) {
                    due = over(catalog, race, lifecycle, now);
                } else if (computedFrom.get(id) < race.version()) {
                    due = true; // corrected since its results
                } else if (computedAt.get(id).isAfter(now.minus(RECHECK_FOR))) {
                    // finishes stored after the results (late fixes, a phone catching up)
                    due = finishers(catalog, race).size() != finishedIn.get(id);
                } else {
                    due = false;
                }
                if (!due) {
                    continue;
                }
                ResultsPublisher.publish(lakehouse, race, OfficialResults.Rules.of(race), now);
                published.add(race.raceId());
            }
            published.sort(String::compareTo);
            return published;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the races or their results", e);
        }
    }

    /**
     * One round, from a scheduler (every minute or so): {@code --lakehouse.jdbc-url ...
     * --lakehouse.warehouse ...}, and the tracker's {@code --race.max-duration-minutes} if it was
     * changed.
     */
    public static void main(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        LakehouseCatalog lakehouse = LakehouseCatalog.fromArguments(params.toMap());
        if (lakehouse == null) {
            throw new IllegalArgumentException("--lakehouse.jdbc-url is required");
        }
        RaceLifecycle lifecycle =
                dev.breakaway.flink.tracker.TrackerSettings.fromArguments(params.toMap())
                        .lifecycle();
        for (String race : run(lakehouse, lifecycle, Instant.now())) {
            System.out.println("official results of race " + race + " published");
        }
    }

    private static RaceDefinition definition(Table races, String raceId, long version)
            throws IOException {
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(races)
                        .where(
                                Expressions.and(
                                        Expressions.equal("race_id", raceId),
                                        Expressions.equal("version", version)))
                        .select("definition_json")
                        .build()) {
            for (Record r : rows) {
                return Json.fromString(
                        (String) r.getField("definition_json"), RaceDefinition.class);
            }
        }
        throw new IllegalStateException("race " + raceId + " version " + version + " vanished");
    }

    /**
     * Results computed less than this long ago are compared with the finishes stored since: fixes
     * reach the tracker up to an hour after the finish (admin-api's window), and a finish they make
     * changes the classification.
     */
    static final Duration RECHECK_FOR = Duration.ofHours(6);

    /** Every rider still in the race has finished, or the cut-off has passed. */
    private static boolean over(
            JdbcCatalog catalog, RaceDefinition race, RaceLifecycle lifecycle, Instant now)
            throws IOException {
        if (!now.isBefore(lifecycle.cutOff(new TrackedRace(race)))) {
            return true;
        }
        Set<String> racing = new HashSet<>();
        for (RaceRider rider : race.riders()) {
            if (!rider.abandoned()) {
                racing.add(rider.riderId());
            }
        }
        if (racing.isEmpty()) {
            return false; // nobody to classify yet (a start list still to come)
        }
        racing.removeAll(finishers(catalog, race));
        return racing.isEmpty();
    }

    /** The riders of the race (not abandoned) with a finish passage stored. */
    private static Set<String> finishers(JdbcCatalog catalog, RaceDefinition race)
            throws IOException {
        Set<String> finished = new HashSet<>();
        Table passages = catalog.loadTable(LakehouseTables.PASSAGES.identifier());
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(passages)
                        .where(
                                Expressions.and(
                                        Expressions.equal("race_id", race.raceId()),
                                        Expressions.equal("finish", true)))
                        .select("rider_id")
                        .build()) {
            for (Record r : rows) {
                finished.add((String) r.getField("rider_id"));
            }
        }
        for (RaceRider rider : race.riders()) {
            if (rider.abandoned()) {
                finished.remove(rider.riderId());
            }
        }
        return finished;
    }
}
