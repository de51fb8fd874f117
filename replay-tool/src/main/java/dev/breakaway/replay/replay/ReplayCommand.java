package dev.breakaway.replay.replay;

import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControlPublisher;
import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.contracts.replay.FixSink;
import dev.breakaway.contracts.replay.KinesisFixSink;
import dev.breakaway.contracts.replay.Replayer;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.replay.Progress;
import dev.breakaway.simulation.SimulationFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code replay-tool replay}: a race from files into the live path, at N times real time. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Send a race into the live path at N times real time: through ingest-api as the riders'"
                    + " phones would (each with its device token), or straight into Kinesis.",
            "The race is moved in time so that no fix is dated in the future when it is sent (at"
                    + " 1x it starts now; faster, it started earlier and ends about when the replay"
                    + " does), and its definition is published on race-control first when Kinesis"
                    + " is reachable."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--race",
            required = true,
            description = "race.json of the race (the analyze contract; simulate writes one).")
    Path race;

    static final class Source {
        @Option(
                names = "--fixes",
                description = "Fix lines (simulate's fixes.jsonl), sent in the file's order.")
        Path fixes;

        @Option(
                names = "--gpx",
                arity = "1..*",
                description = "GPX or TCX files, one per rider, each named after its rider id.")
        List<Path> tracks;

        @Option(
                names = "--from-lakehouse",
                description =
                        "The race's fixes as stored in the lakehouse (--lakehouse.*), sent in the"
                                + " order they were received.")
        boolean fromLakehouse;
    }

    @picocli.CommandLine.Mixin dev.breakaway.replay.history.LakehouseOptions lakehouse;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = "--to",
            defaultValue = "ingest",
            description =
                    "ingest (through ingest-api) or kinesis (onto gps-fixes directly); default: ${DEFAULT-VALUE}.")
    Target to;

    @Option(names = "--ingest-url", description = "ingest-api's base address, for --to ingest.")
    String ingestUrl;

    @Option(
            names = "--devices",
            description =
                    "devices.json with each rider's device token (simulate writes one), for --to"
                            + " ingest.")
    Path devices;

    @Option(
            names = "--kinesis-endpoint",
            description =
                    "Kinesis endpoint, e.g. http://127.0.0.1:4568 for the local emulator; without"
                            + " it (and with --kinesis-region) AWS itself, credentials from the"
                            + " default chain.")
    String kinesisEndpoint;

    @Option(
            names = "--kinesis-region",
            description = "AWS region of the streams, when not on the local emulator.")
    String kinesisRegion;

    @Option(
            names = "--speedup",
            defaultValue = "1",
            description =
                    "Race seconds per wall-clock second (default: ${DEFAULT-VALUE}); 0 sends as"
                            + " fast as the target takes them.")
    double speedup;

    @Option(
            names = "--no-publish-race",
            description = "Do not publish the race definition on race-control.")
    boolean noPublish;

    @Option(
            names = "--concurrency",
            defaultValue = "32",
            description = "Requests to ingest-api in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    /** Where fixes go. */
    public enum Target {
        ingest,
        kinesis
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RaceDefinition definition = RaceFile.read(race);
        List<GpsFix> fixes;
        if (source.fromLakehouse) {
            try {
                fixes =
                        dev.breakaway.flink.lakehouse.HistoryReader.rawFixes(
                                lakehouse.catalog(), definition.raceId());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        } else {
            fixes =
                    source.fixes != null
                            ? ReplaySource.fixLines(definition, source.fixes)
                            : ReplaySource.tracks(definition, source.tracks);
        }
        if (fixes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no fixes of " + definition.raceId());
        }
        Instant start =
                Replayer.startFor(
                        definition,
                        fixes,
                        speedup,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        Duration.ofSeconds(5));
        Replayer.Shifted shifted = Replayer.shift(definition, fixes, start);
        KinesisClient kinesis = kinesisClient();
        try (FixSink sink = sink(kinesis)) {
            if (kinesis != null && !noPublish) {
                new RaceControlPublisher(kinesis, Streams.RACE_CONTROL).publish(shifted.race());
                out.println("published " + shifted.race().raceId() + " on " + Streams.RACE_CONTROL);
            } else if (!noPublish) {
                out.println(
                        "note: no Kinesis endpoint or region given, the race definition was not"
                                + " published (the tracker must know the race already)");
            }
            out.printf(
                    "replaying %d fixes of %s (start moved to %s) at %s%n",
                    fixes.size(),
                    definition.raceId(),
                    start,
                    speedup > 0 ? speedup + "x" : "full speed");
            try (Progress progress = Progress.start("replay", fixes.size(), "fixes")) {
                new Replayer(sink, speedup, Duration.ofMillis(500))
                        .replay(shifted.fixes(), start, progress::stepTo);
            }
            out.println(sink.summary());
            if (sink instanceof IngestFixSink ingest && ingest.failed() > 0) {
                return 1;
            }
        } finally {
            if (kinesis != null) {
                kinesis.close();
            }
        }
        return 0;
    }

    private KinesisClient kinesisClient() {
        if (kinesisEndpoint != null) {
            return KinesisEmulator.client(kinesisEndpoint);
        }
        if (kinesisRegion != null) {
            return KinesisClient.builder().region(Region.of(kinesisRegion)).build();
        }
        return null;
    }

    private FixSink sink(KinesisClient kinesis) throws Exception {
        if (to == Target.kinesis) {
            if (kinesis == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--to kinesis needs --kinesis-endpoint or --kinesis-region");
            }
            return new KinesisFixSink(kinesis, Streams.GPS_FIXES);
        }
        if (ingestUrl == null || devices == null) {
            throw new ParameterException(
                    spec.commandLine(), "--to ingest needs --ingest-url and --devices");
        }
        Map<String, String> tokens = SimulationFiles.readDevices(devices);
        return new IngestFixSink(ingestUrl, tokens, concurrency);
    }
}
