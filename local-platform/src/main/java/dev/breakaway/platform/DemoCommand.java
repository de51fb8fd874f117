package dev.breakaway.platform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.replay.Replayer;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.replay.Progress;
import dev.breakaway.replay.replay.IngestFixSink;
import dev.breakaway.replay.replay.ReplaySource;
import dev.breakaway.replay.sim.SimulateCommand;
import dev.breakaway.simulation.GroundTruth;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import dev.breakaway.simulation.SimulationFiles;
import dev.breakaway.simulation.SimulationSettings;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The local demo, made of the tool's own commands: {@code simulate} a race on a real Tour stage
 * into files, start the whole live path on this machine ({@link LiveStack}: Kinesis emulator,
 * tracker job, Redis, query-api and ingest-api), then {@code replay} the race through ingest-api as
 * the riders' phones would, faster than real time. Prints the live race page's address.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Run the local platform with a live race: simulate a race on a real Tour stage,"
                        + " start the live path (Kinesis emulator, tracker job, Redis, query-api,"
                        + " ingest-api) and replay the race through ingest-api; prints the live"
                        + " race page's address.")
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
            defaultValue = "50",
            description = "Riders in the field (default: ${DEFAULT-VALUE}).")
    int riders;

    // The local Kinesis emulator sustains about 50 fixes/s next to the tracker
    // (docs/benchmarks.md): the defaults send 50 riders x 1/10 s x 10.
    @Option(
            names = "--speedup",
            defaultValue = "10",
            description = "Race seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
    double speedup;

    @Option(
            names = "--fix-interval-seconds",
            defaultValue = "10",
            description = "Seconds between two fixes of one phone (default: ${DEFAULT-VALUE}).")
    int fixIntervalSeconds;

    @Option(
            names = "--checkpoint-every-km",
            defaultValue = "5",
            description = "Timing points every N km (default: ${DEFAULT-VALUE}).")
    int checkpointEveryKm;

    @Option(
            names = "--seed",
            defaultValue = "2024",
            description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            description =
                    "Directory for the simulated race's files (default: a new temporary"
                            + " directory); replay them again with `replay`.")
    Path out;

    @Option(
            names = "--page-port",
            defaultValue = "8088",
            description =
                    "Port of query-api (the live race page) on 127.0.0.1 (default:"
                            + " ${DEFAULT-VALUE}; 0 picks a free one).")
    int pagePort;

    @Option(
            names = "--kinesis-port",
            defaultValue = "0",
            description = "Port of the Kinesis emulator on 127.0.0.1; 0 picks a free one.")
    int kinesisPort;

    @Option(
            names = "--redis-port",
            defaultValue = "0",
            description = "Port of the Redis serving store on 127.0.0.1; 0 picks a free one.")
    int redisPort;

    @Option(
            names = "--shards",
            defaultValue = "4",
            description = "Shards of gps-fixes (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(
            names = "--linger-minutes",
            defaultValue = "10",
            description =
                    "After the race, keep everything up this many minutes so the page can be"
                            + " looked at (default: ${DEFAULT-VALUE}; 0 ends at once).")
    int lingerMinutes;

    @Option(
            names = "--top",
            defaultValue = "10",
            description = "Lines of the final standings printed (default: ${DEFAULT-VALUE}).")
    int top;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The demo analyst's token: the history endpoints need one (the live ones do not mind). */
    private String analystToken;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path coursePath = LocalStack.resolve(course);
        Path dir = out(coursePath);
        String name = coursePath.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        SimulationSettings settings =
                new SimulationSettings(CourseReader.read(coursePath))
                        .raceId("demo-" + name, "Demo " + name)
                        .riders(riders)
                        .fixInterval(Duration.ofSeconds(fixIntervalSeconds))
                        .checkpointEveryKm(checkpointEveryKm)
                        .seed(seed);
        Simulation simulation = SimulateCommand.simulate(settings);
        SimulationFiles.write(simulation, coursePath, dir);
        out.println("simulated race in " + dir + " (simulate's files)");

        // From here on only the files, as `replay` reads them.
        RaceDefinition race = RaceFile.read(dir.resolve(SimulationFiles.RACE));
        List<GpsFix> fixes = ReplaySource.fixLines(race, dir.resolve(SimulationFiles.FIXES));

        LiveStack.Options options =
                LiveStack.Options.defaults()
                        .withPorts(kinesisPort, redisPort, pagePort)
                        .withGpsShards(shards)
                        .withAdmin()
                        .withHistory();
        try (LiveStack stack = LiveStack.start(options)) {
            analystToken = stack.analystToken();
            out.println("Kinesis emulator on " + stack.kinesis().endpoint());
            out.println("Redis serving store on " + stack.redis().uri());
            out.println("ingest-api on " + stack.ingest().baseUrl());
            out.println("tracker job " + stack.tracker().getJobID() + " on a local MiniCluster");
            out.println(
                    "race history: Iceberg tables in "
                            + stack.lakehouse().warehouse()
                            + ", Trino on "
                            + stack.trino().uri());
            // dated from now, once the platform is up: the replay sends each fix at its own time
            // (a phone's clock is read from when its fixes arrive), 20 s for the set-up below
            Instant start =
                    Replayer.startFor(
                            race,
                            fixes,
                            speedup,
                            Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(20),
                            Duration.ofSeconds(5));
            Replayer.Shifted shifted = Replayer.shift(race, fixes, start);
            // the organiser's part, through admin-api: race, course, checkpoints, riders, a
            // device each, then the start (which publishes the race to the tracker)
            AdminClient admin = stack.adminClient();
            Map<String, AdminClient.IssuedDevice> devices = admin.prepare(shifted.race());
            Map<String, String> credentials = new java.util.LinkedHashMap<>();
            devices.forEach((rider, device) -> credentials.put(rider, device.credential()));
            admin.start(race.raceId());
            out.println(
                    "admin-api on "
                            + stack.admin().baseUrl()
                            + ": race "
                            + race.raceId()
                            + " created, "
                            + devices.size()
                            + " devices issued, started (admin page: "
                            + stack.admin().baseUrl()
                            + "/admin/)");
            String page = stack.query().baseUrl() + "/live/?race=" + race.raceId();
            out.println();
            out.println("Live race page: " + page);
            out.println();
            stack.awaitRace(race.raceId(), Duration.ofMinutes(2));
            try (IngestFixSink sink = new IngestFixSink(stack.ingest().baseUrl(), credentials, 32);
                    Progress progress = Progress.start("replay", fixes.size(), "fixes")) {
                new Replayer(sink, speedup, Duration.ofMillis(500))
                        .replay(shifted.fixes(), start, progress::stepTo);
                progress.close();
                out.println(sink.summary());
            }
            Standings last = awaitFinal(stack.query().baseUrl(), race.raceId(), simulation.truth());
            out.print(
                    StandingsPrinter.render(
                            race.name() + ", final standings", last, start, top, page));
            admin.finish(race.raceId());
            history(stack, shifted.race(), out);
            if (lingerMinutes > 0) {
                out.printf(
                        Locale.ROOT,
                        "%nThe race is over; the live page keeps its final standings for %d"
                                + " minutes (--linger-minutes). Ctrl-C to stop now.%n",
                        lingerMinutes);
                TimeUnit.MINUTES.sleep(lingerMinutes); // the user's time to look, not a wait
            }
        }
        return 0;
    }

    /**
     * After the race: waits until the history holds all its passages (committed on the tracker's
     * checkpoints), publishes the official results, runs the notebooks and says where to look.
     */
    private void history(LiveStack stack, RaceDefinition race, PrintStream out) throws Exception {
        String base = stack.query().baseUrl() + "/v1/history/races/" + race.raceId();
        int passages = -1;
        Instant stableSince = Instant.now();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            int now = countItems(base + "/splits");
            if (now != passages) {
                passages = now;
                stableSince = Instant.now();
            } else if (now > 0 && Duration.between(stableSince, Instant.now()).toSeconds() >= 12) {
                break; // unchanged across two checkpoints of the tracker
            }
            TimeUnit.SECONDS.sleep(2); // polling the history, as an analyst would
        }
        int results = stack.publishResults(race).size();
        out.println();
        out.printf(
                Locale.ROOT,
                "Race history: %d passages stored, official results of %d riders published.%n",
                passages,
                results);
        out.println(
                "  a history endpoint (an analyst's token: "
                        + "OIDC issuer "
                        + stack.oidc().issuer()
                        + "):");
        out.println(
                "    curl -H 'Authorization: Bearer "
                        + stack.analystToken()
                        + "' "
                        + base
                        + "/results");
        out.println(
                "  SQL through Trino:   "
                        + stack.trino().jdbcUrl(stack.lakehouse().name())
                        + "/breakaway (README: Race history)");
        out.println(
                "    SELECT rider_id, position, time_s FROM results WHERE race_id = '"
                        + race.raceId()
                        + "' ORDER BY position");
        if (!Notebooks.available()) {
            out.println(
                    "  notebooks: not run (no /usr/bin/jupyter-nbconvert; run"
                            + " scripts/install-local-stack)");
            return;
        }
        Path plots =
                LocalStack.resolve(Path.of("notebooks")).resolve("output").resolve(race.raceId());
        for (String notebook : Notebooks.ALL) {
            try {
                Notebooks.run(notebook, stack.trino().uri(), race.raceId(), plots);
            } catch (IllegalStateException e) {
                out.println("  notebook " + notebook + " failed: " + e.getMessage());
            }
        }
        out.println("  notebooks run, executed copies and plots in " + plots);
    }

    /** Rows of a paged history list, every page read; -1 if it does not answer. */
    private int countItems(String list) throws Exception {
        int count = 0;
        for (long offset = 0; ; ) {
            JsonNode page = get(list + "?limit=1000&offset=" + offset);
            if (page == null) {
                return -1;
            }
            count += page.get("items").size();
            if (page.get("nextOffset").isNull()) {
                return count;
            }
            offset = page.get("nextOffset").asLong();
        }
    }

    private Path out(Path coursePath) throws Exception {
        if (out != null) {
            return Files.createDirectories(out);
        }
        return Files.createTempDirectory("breakaway-demo-");
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + analystToken)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Json.fromString(r.body(), JsonNode.class) : null;
    }

    /**
     * The last standings: once every rider who truly finished has, or when they stop changing for
     * 30 s (the tracker has nothing more to say).
     */
    private Standings awaitFinal(String base, String raceId, GroundTruth truth) throws Exception {
        long finishers = truth.results().stream().filter(r -> r.finishTime() != null).count();
        Standings last = null;
        Instant changed = Instant.now();
        while (Duration.between(changed, Instant.now()).toSeconds() < 30) {
            JsonNode body = get(base + "/v1/races/" + raceId + "/standings");
            if (body != null) {
                Standings now = Json.mapper().treeToValue(body, RaceUpdate.class).standings();
                if (last == null || !now.asOf().equals(last.asOf())) {
                    changed = Instant.now();
                }
                last = now;
                if (now.riders().stream().filter(e -> e.status() == RiderStatus.FINISHED).count()
                        >= finishers) {
                    break;
                }
            }
            TimeUnit.SECONDS.sleep(1); // polling the live standings, as a spectator would
        }
        return last;
    }
}
