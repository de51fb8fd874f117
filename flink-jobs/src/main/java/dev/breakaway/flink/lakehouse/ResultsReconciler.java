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
        // each race's newest definition, as stored, in one read of the table
        Map<String, Long> newestVersion = new HashMap<>();
        Map<String, String> newestJson = new HashMap<>();
        Map<String, Long> computedFrom = new HashMap<>();
        Set<String> withResults = new HashSet<>();
        try (JdbcCatalog catalog = lakehouse.open()) {
            Table races = catalog.loadTable(LakehouseTables.RACES.identifier());
            try (CloseableIterable<Record> rows =
                    IcebergGenerics.read(races)
                            .select("race_id", "version", "definition_json")
                            .build()) {
                for (Record r : rows) {
                    String race = (String) r.getField("race_id");
                    long version = (Long) r.getField("version");
                    Long held = newestVersion.get(race);
                    if (held == null || version > held) {
                        newestVersion.put(race, version);
                        newestJson.put(race, (String) r.getField("definition_json"));
                    }
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
            for (Map.Entry<String, Long> newest : newestVersion.entrySet()) {
                String id = newest.getKey();
                boolean classified = withResults.contains(id);
                boolean corrected = classified && computedFrom.get(id) < newest.getValue();
                boolean recent = classified && computedAt.get(id).isAfter(now.minus(RECHECK_FOR));
                if (classified && !corrected && !recent) {
                    continue; // settled: nothing read for it
                }
                RaceDefinition race = Json.fromString(newestJson.get(id), RaceDefinition.class);
                boolean due =
                        !classified
                                ? over(catalog, race, lifecycle, now)
                                // corrected since its results, or finishes stored after them
                                : corrected
                                        || finishers(catalog, race).size() != finishedIn.get(id);
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
