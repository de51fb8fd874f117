package dev.breakaway.replay.demo;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.json.Json;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.flink.tracker.RiderTrackingFunction;
import dev.breakaway.replay.LocalFlink;
import dev.breakaway.replay.sim.SimulatedField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The local demo: the Kinesis emulator, the tracker job on an in-process MiniCluster writing to a
 * Redis serving store, query-api (its own process) serving the live race page, and a simulated
 * field on a real course replayed faster than real time. Progress (and with {@code --terminal} the
 * standings) is read back from {@code race-updates} as any consumer would.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the local platform with a live simulated race: Kinesis emulator, tracker job,"
                        + " Redis and query-api; prints the live race page's address.")
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--course",
            defaultValue = "data/tdf-2024/trace_2024_7.geojson",
            description =
                    "Course file, GPX or GeoJSON (default: ${DEFAULT-VALUE}, Tour 2024 stage 7, 25 km;"
                            + " stage 9, 199 km: data/tdf-2024/trace_2024_9.geojson).")
    Path course;

    @Option(
            names = "--riders",
            defaultValue = "150",
            description = "Riders in the field (default: ${DEFAULT-VALUE}).")
    int riders;

    // The local Kinesis emulator sustains about 50 fixes/s next to the tracker
    // (docs/benchmarks.md):
    // the defaults send 5 fixes per race second at 10x.
    @Option(
            names = "--speedup",
            defaultValue = "10",
            description = "Race seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
    double speedup;

    @Option(
            names = "--fix-interval-seconds",
            defaultValue = "30",
            description = "Seconds between two fixes of one rider (default: ${DEFAULT-VALUE}).")
    int fixIntervalSeconds;

    @Option(
            names = "--checkpoint-every-km",
            defaultValue = "5",
            description = "Timing points every N km (default: ${DEFAULT-VALUE}).")
    int checkpointEveryKm;

    @Option(
            names = "--kinesis-port",
            defaultValue = "0",
            description = "Port of the Kinesis emulator on 127.0.0.1; 0 picks a free one.")
    int kinesisPort;

    @Option(
            names = "--shards",
            defaultValue = "4",
            description = "Shards of gps-fixes (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(
            names = "--page-port",
            defaultValue = "8088",
            description =
                    "Port of query-api (the live race page) on 127.0.0.1 (default:"
                            + " ${DEFAULT-VALUE}; 0 picks a free one).")
    int pagePort;

    @Option(
            names = "--redis-port",
            defaultValue = "0",
            description = "Port of the Redis serving store on 127.0.0.1; 0 picks a free one.")
    int redisPort;

    @Option(
            names = "--linger-minutes",
            defaultValue = "10",
            description =
                    "After the race, keep everything up this many minutes so the page can be"
                            + " looked at (default: ${DEFAULT-VALUE}; 0 ends at once).")
    int lingerMinutes;

    @Option(
            names = "--terminal",
            description = "Also draw the standings in the terminal, once a second.")
    boolean terminal;

    @Option(
            names = "--top",
            defaultValue = "15",
            description = "Lines of standings shown with --terminal (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(
            names = "--seed",
            defaultValue = "2024",
            description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-minutes",
            defaultValue = "30",
            description = "Stop after this many wall-clock minutes.")
    int maxMinutes;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (!Files.exists(course) && !course.isAbsolute()) {
            course = LocalStack.root().resolve(course); // the default, from anywhere in the repo
        }
        List<GeoPoint> points = CourseReader.read(course);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RaceDefinition race = race(points, start);
        TrackedRace tracked = new TrackedRace(race);
        out.printf(
                Locale.ROOT,
                "course %s: %.1f km, %d points%n",
                course,
                tracked.totalMeters() / 1000,
                points.size());

        try (KinesisEmulator kinesis =
                        KinesisEmulator.start(
                                kinesisPort,
                                KinesisEmulator.streams(
                                        "gps-fixes",
                                        shards,
                                        "race-control",
                                        1,
                                        "race-updates",
                                        4));
                KinesisClient client = kinesis.client();
                RedisServer redis = RedisServer.start(redisPort);
                QueryApiProcess queryApi = QueryApiProcess.start(redis.uri(), pagePort)) {
            out.println("Kinesis emulator on " + kinesis.endpoint());
            out.println("Redis serving store on " + redis.uri());
            KinesisStreams.putAll(
                    client,
                    "race-control",
                    List.of(race),
                    RaceDefinition::raceId,
                    DemoCommand::gzipJson);

            JobClient job =
                    LocalFlink.startTracker(kinesis.endpoint(), redis.uri(), Duration.ofSeconds(5));
            out.println("tracker job " + job.getJobID() + " running on a local MiniCluster");
            out.println();
            out.println("Live race page: " + queryApi.baseUrl() + "/live/?race=" + race.raceId());
            out.println();
            try {
                replay(client, race, tracked, start, out);
                if (lingerMinutes > 0) {
                    out.printf(
                            Locale.ROOT,
                            "%nThe race is over; the live page keeps its final standings for %d"
                                    + " minutes (--linger-minutes). Ctrl-C to stop now.%n",
                            lingerMinutes);
                    TimeUnit.MINUTES.sleep(lingerMinutes); // the user's time to look, not a wait
                }
            } finally {
                job.cancel().get();
            }
        }
        return 0;
    }

    private RaceDefinition race(List<GeoPoint> points, Instant start) {
        List<RaceRider> startList = new ArrayList<>();
        for (int i = 1; i <= riders; i++) {
            startList.add(
                    new RaceRider(
                            String.format(Locale.ROOT, "r%03d", i),
                            String.valueOf(i),
                            "Rider " + i,
                            null));
        }
        double length = Course.of(points).lengthMeters();
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int km = checkpointEveryKm; km * 1000.0 < length - 1000; km += checkpointEveryKm) {
            checkpoints.add(new Checkpoint("km" + km, "km " + km, km * 1000.0));
        }
        String name = course.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        return new RaceDefinition(
                "demo-" + name,
                "Demo " + name,
                RaceFormat.MASS_START,
                1,
                start,
                checkpoints,
                startList,
                points,
                1);
    }

    private void replay(
            KinesisClient client,
            RaceDefinition race,
            TrackedRace tracked,
            Instant start,
            PrintStream out)
            throws InterruptedException {
        SimulatedField field =
                new SimulatedField(
                        race.raceId(),
                        tracked.course(),
                        start,
                        race.riders().stream().map(RaceRider::riderId).toList(),
                        Duration.ofSeconds(fixIntervalSeconds),
                        3,
                        seed);
        AtomicLong sent = new AtomicLong();
        AtomicReference<Instant> simulationEnd = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        ScheduledExecutorService view =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "standings-view");
                            t.setDaemon(true);
                            return t;
                        });
        view.scheduleWithFixedDelay(
                new StandingsView(client, race, start, out, sent, simulationEnd, finished),
                0,
                1,
                TimeUnit.SECONDS);
        try {
            long wallStart = System.nanoTime();
            List<GpsFix> pending = new ArrayList<>();
            while (!field.allFinished() && finished.getCount() > 0) {
                pending.addAll(field.step());
                // Pace the race against the wall clock: a replay at N x real time. Ahead of
                // time, send what is due and wait; behind, gather full batches to catch up.
                long due =
                        wallStart
                                + Math.round(
                                        Duration.between(start, field.now()).toNanos() / speedup);
                if (due > System.nanoTime() || pending.size() >= KinesisStreams.EMULATOR_BATCH) {
                    send(client, pending, sent);
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            send(client, pending, sent);
            simulationEnd.set(Instant.now());
            if (!finished.await(maxMinutes, TimeUnit.MINUTES)) {
                out.println("\nstopped after " + maxMinutes + " minutes (--max-minutes).");
            }
        } finally {
            view.shutdownNow();
        }
    }

    private static void send(KinesisClient client, List<GpsFix> fixes, AtomicLong sent) {
        KinesisStreams.putAll(
                client, "gps-fixes", fixes, RiderTrackingFunction::keyOf, Json::toBytes);
        sent.addAndGet(fixes.size());
        fixes.clear();
    }

    /** Reads race-updates and redraws the standings, once a second, on its own thread. */
    private final class StandingsView implements Runnable {
        private final RaceUpdatesReader reader;
        private final RaceDefinition race;
        private final Instant start;
        private final PrintStream out;
        private final AtomicLong sent;
        private final AtomicReference<Instant> simulationEnd;
        private final CountDownLatch finished;
        private Instant lastAsOf = Instant.MIN;
        private Instant lastAdvance = Instant.now();

        StandingsView(
                KinesisClient client,
                RaceDefinition race,
                Instant start,
                PrintStream out,
                AtomicLong sent,
                AtomicReference<Instant> simulationEnd,
                CountDownLatch finished) {
            this.reader = new RaceUpdatesReader(client, "race-updates");
            this.race = race;
            this.start = start;
            this.out = out;
            this.sent = sent;
            this.simulationEnd = simulationEnd;
            this.finished = finished;
        }

        @Override
        public void run() {
            try {
                reader.poll();
            } catch (RuntimeException e) {
                out.println("\ncannot read race-updates: " + e.getMessage());
                finished.countDown();
                return;
            }
            Standings standings = reader.latest();
            String footer =
                    String.format(
                            Locale.ROOT,
                            "fixes sent %d   passages %d (repeats dropped %d)   replay x%.0f   Ctrl-C to stop",
                            sent.get(),
                            reader.passages(),
                            reader.repeats(),
                            speedup);
            if (terminal) {
                out.print("\033[H\033[2J");
                out.print(StandingsPrinter.render(race.name(), standings, start, top, footer));
            } else {
                long done =
                        standings == null
                                ? 0
                                : standings.riders().stream()
                                        .filter(e -> e.status() == RiderStatus.FINISHED)
                                        .count();
                out.printf(
                        Locale.ROOT,
                        "\r%s   finished %d/%d   ",
                        footer.replace("   Ctrl-C to stop", ""),
                        done,
                        race.riders().size());
            }
            out.flush();
            if (standings == null) {
                return;
            }
            if (standings.riders().stream().allMatch(e -> e.status() == RiderStatus.FINISHED)) {
                out.println("\nall riders finished.");
                finished.countDown();
                return;
            }
            if (standings.asOf().isAfter(lastAsOf)) {
                lastAsOf = standings.asOf();
                lastAdvance = Instant.now();
            }
            if (simulationEnd.get() != null
                    && Duration.between(lastAdvance, Instant.now()).toSeconds() > 30) {
                out.println(
                        "\nno newer standings for 30 s after the simulation ended: these are the last.");
                finished.countDown();
            }
        }
    }

    private static byte[] gzipJson(RaceDefinition race) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(Json.toBytes(race));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
