package dev.breakaway.benchmarks;

import dev.breakaway.devstack.LocalStack;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.devstack.TrinoServer;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.RecordFiles;
import dev.breakaway.lakehouse.SchemaMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The history endpoints' queries (query-api's {@code history/*.sql}, run as query-api runs them:
 * trino-jdbc, parameters) on a season of races in a real Trino over the lakehouse: {@code races}
 * races of {@code riders} riders with a fix a second for {@code seconds} s ({@code races x riders x
 * seconds} matched fixes), their passages every 2 km, standings snapshots every 10 s, results. Each
 * query first on a race it has not seen (first run), then warm: the same race 5 times, the median.
 *
 * <pre>
 * mvn -B -q package -pl benchmarks -am -DskipTests
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.breakaway.benchmarks.HistoryQueries 50 100 2000
 * </pre>
 */
public final class HistoryQueries {

    private static final Instant SEASON = Instant.parse("2024-03-01T11:00:00Z");
    private static final double CHECKPOINT_EVERY_M = 2_000;

    public static void main(String[] args) throws Exception {
        int races = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int riders = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Path warehouse = Files.createTempDirectory("history-bench-");
        try (PostgresServer postgres = PostgresServer.start(0)) {
            LakehouseCatalog lakehouse =
                    LakehouseCatalog.onLocalPostgres(postgres.database("lakehouse"), warehouse);
            long written = System.nanoTime();
            long fixes;
            try (JdbcCatalog catalog = lakehouse.open()) {
                SchemaMigrations.apply(catalog);
                fixes = writeSeason(catalog, races, riders, seconds);
            }
            System.out.printf(
                    Locale.ROOT,
                    "wrote %,d matched fixes (%d races x %d riders x %d s) in %.0f s; warehouse %,d MB%n",
                    fixes,
                    races,
                    riders,
                    seconds,
                    (System.nanoTime() - written) / 1e9,
                    size(warehouse) >> 20);
            try (TrinoServer trino =
                    TrinoServer.start(0, lakehouse.trinoValues(), lakehouse.trinoProbeTable())) {
                String url = trino.jdbcUrl(lakehouse.name()) + "/breakaway";
                measure(url, races);
            }
        } finally {
            deleteTree(warehouse);
        }
    }

    private record Query(String file, String... parameters) {}

    private static void measure(String url, int races) throws Exception {
        Path sql = LocalStack.resolve(Path.of("query-api/src/main/resources/history"));
        List<Query> queries =
                List.of(
                        new Query("race.sql", "RACE"),
                        new Query("results.sql", "RACE"),
                        new Query("splits.sql", "RACE", "RACE"),
                        new Query("speeds.sql", "RACE", "RACE"),
                        new Query("climbs.sql", "RACE", "RACE"),
                        new Query("race-flow.sql", "RACE", "STEP"),
                        new Query("rider-results.sql", "RIDER"),
                        new Query("head-to-head.sql", "RIDER", "OTHER"));
        System.out.println("query              rows   first run   warm (median of 5)");
        int raceNumber = 0;
        try (Connection c = DriverManager.getConnection(url, "bench", null)) {
            for (Query q : queries) {
                // a race no query has read yet for the first run; the same one warm
                String race = raceId(raceNumber++ % races);
                // a page of 1000 rows, as query-api asks (the race itself is one row, not paged)
                String text =
                        Files.readString(sql.resolve(q.file()))
                                + (q.file().equals("race.sql") ? "" : "\nOFFSET 0 LIMIT 1000");
                long[] ms = new long[6];
                int rows = 0;
                for (int run = 0; run < ms.length; run++) {
                    long t0 = System.nanoTime();
                    try (PreparedStatement s = c.prepareStatement(text)) {
                        int i = 1;
                        for (String p : q.parameters()) {
                            switch (p) {
                                case "RACE" -> s.setString(i++, race);
                                case "STEP" -> s.setDouble(i++, 1_000);
                                case "RIDER" -> s.setString(i++, "r007");
                                default -> s.setString(i++, "r042");
                            }
                        }
                        rows = 0;
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                rows++;
                            }
                        }
                    }
                    ms[run] = (System.nanoTime() - t0) / 1_000_000;
                }
                long[] warm = Arrays.copyOfRange(ms, 1, ms.length);
                Arrays.sort(warm);
                System.out.printf(
                        Locale.ROOT,
                        "%-18s %5d   %6d ms   %6d ms%n",
                        q.file().replace(".sql", ""),
                        rows,
                        ms[0],
                        warm[warm.length / 2]);
            }
        }
    }

    private static String raceId(int i) {
        return String.format(Locale.ROOT, "season-%03d", i);
    }

    private static long writeSeason(JdbcCatalog catalog, int races, int riders, int seconds)
            throws Exception {
        Table fixesTable = catalog.loadTable(LakehouseTables.MATCHED_FIXES.identifier());
        Table passagesTable = catalog.loadTable(LakehouseTables.PASSAGES.identifier());
        Table standingsTable = catalog.loadTable(LakehouseTables.STANDINGS.identifier());
        Table resultsTable = catalog.loadTable(LakehouseTables.RESULTS.identifier());
        Table racesTable = catalog.loadTable(LakehouseTables.RACES.identifier());
        Random random = new Random(42);
        long fixes = 0;
        List<Record> raceRows = new ArrayList<>();
        for (int r = 0; r < races; r++) {
            String race = raceId(r);
            Instant start = SEASON.plus(java.time.Duration.ofDays(7L * r));
            double[][] distance = new double[riders][seconds + 1];
            List<Record> fixRows = new ArrayList<>(riders * (seconds + 1));
            List<Record> passageRows = new ArrayList<>();
            for (int k = 0; k < riders; k++) {
                double base = 9 + 3 * random.nextDouble();
                double phase = random.nextDouble() * Math.PI * 2;
                for (int s = 1; s <= seconds; s++) {
                    double speed = base + 1.5 * Math.sin(s / 90.0 + phase);
                    distance[k][s] = distance[k][s - 1] + speed;
                    double previous = distance[k][s - 1];
                    for (double cp = Math.ceil(previous / CHECKPOINT_EVERY_M) * CHECKPOINT_EVERY_M;
                            cp <= distance[k][s];
                            cp += CHECKPOINT_EVERY_M) {
                        if (cp > previous) {
                            double at = s - 1 + (cp - previous) / speed;
                            passageRows.add(
                                    row(
                                            passagesTable.schema(),
                                            "race_id",
                                            race,
                                            "rider_id",
                                            rider(k),
                                            "checkpoint_id",
                                            "km" + (int) (cp / 1000),
                                            "lap",
                                            1,
                                            "crossing_time",
                                            at(start, at),
                                            "race_distance_m",
                                            cp,
                                            "finish",
                                            false));
                        }
                    }
                    fixRows.add(
                            row(
                                    fixesTable.schema(),
                                    "race_id",
                                    race,
                                    "rider_id",
                                    rider(k),
                                    "ts",
                                    at(start, s),
                                    "lat",
                                    45 + distance[k][s] / 111_000,
                                    "lon",
                                    5.0,
                                    "verdict",
                                    "ACCEPTED",
                                    "race_distance_m",
                                    distance[k][s],
                                    "lateral_offset_m",
                                    3 * random.nextDouble(),
                                    "speed_mps",
                                    speed,
                                    "finished",
                                    false,
                                    "late",
                                    false));
                }
            }
            fixes += fixRows.size();
            append(fixesTable, fixRows);
            append(passagesTable, passageRows);
            List<Record> standings = new ArrayList<>();
            for (int s = 10; s <= seconds; s += 10) {
                final int second = s;
                Integer[] order = new Integer[riders];
                for (int k = 0; k < riders; k++) {
                    order[k] = k;
                }
                Arrays.sort(
                        order, (a, b) -> Double.compare(distance[b][second], distance[a][second]));
                double head = distance[order[0]][s];
                for (int p = 0; p < riders; p++) {
                    int k = order[p];
                    double gap = (head - distance[k][s]) / 10;
                    standings.add(
                            row(
                                    standingsTable.schema(),
                                    "race_id",
                                    race,
                                    "as_of",
                                    at(start, s),
                                    "rider_id",
                                    rider(k),
                                    "position",
                                    p + 1,
                                    "status",
                                    "RACING",
                                    "lap",
                                    1,
                                    "race_distance_m",
                                    distance[k][s],
                                    "gap_s",
                                    gap,
                                    "speed_mps",
                                    10.0,
                                    "group_number",
                                    1 + (int) (gap / 15),
                                    "group_gap_s",
                                    15.0 * (int) (gap / 15)));
                }
            }
            append(standingsTable, standings);
            List<Record> results = new ArrayList<>();
            Integer[] finish = new Integer[riders];
            for (int k = 0; k < riders; k++) {
                finish[k] = k;
            }
            Arrays.sort(
                    finish, (a, b) -> Double.compare(distance[b][seconds], distance[a][seconds]));
            for (int p = 0; p < riders; p++) {
                results.add(
                        row(
                                resultsTable.schema(),
                                "race_id",
                                race,
                                "rider_id",
                                rider(finish[p]),
                                "position",
                                p + 1,
                                "status",
                                "FINISHED",
                                "time_s",
                                (long) seconds + p,
                                "gap_s",
                                (long) p,
                                "computed_at",
                                at(start, seconds + 600)));
            }
            append(resultsTable, results);
            raceRows.add(
                    row(
                            racesTable.schema(),
                            "race_id",
                            race,
                            "version",
                            1L,
                            "name",
                            "Race " + r,
                            "format",
                            "MASS_START",
                            "start_time",
                            at(start, 0),
                            "laps",
                            1,
                            "total_m",
                            20_000.0,
                            "definition_json",
                            "{\"climbs\":[{\"id\":\"c1\",\"name\":\"Climb\",\"category\":\"2\","
                                    + "\"startMeters\":4000,\"endMeters\":9000,\"gainMeters\":350}]}"));
        }
        for (Record race : raceRows) {
            append(racesTable, List.of(race));
        }
        return fixes;
    }

    private static String rider(int k) {
        return String.format(Locale.ROOT, "r%03d", k);
    }

    private static OffsetDateTime at(Instant start, double seconds) {
        return OffsetDateTime.ofInstant(start.plusNanos(Math.round(seconds * 1e9)), ZoneOffset.UTC);
    }

    private static Record row(org.apache.iceberg.Schema schema, Object... namesAndValues) {
        Record r = GenericRecord.create(schema);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            r.setField((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return r;
    }

    private static void append(Table table, List<Record> rows) throws Exception {
        AppendFiles append = table.newAppend();
        append.appendFile(RecordFiles.write(table, rows));
        append.commit();
    }

    private static long size(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
