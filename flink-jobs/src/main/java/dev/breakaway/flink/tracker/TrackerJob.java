package dev.breakaway.flink.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.RecordIds;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.core.incidents.AbruptStop;
import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.flink.incidents.IncidentFunction;
import dev.breakaway.flink.incidents.IncidentPatterns;
import dev.breakaway.flink.incidents.MotionFunction;
import dev.breakaway.flink.kinesis.KinesisSettings;
import dev.breakaway.flink.serving.ServingStoreSink;
import dev.breakaway.lakehouse.LakehouseCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The tracker: GPS fixes in, checkpoint passages, incidents, overtakes and live standings out.
 *
 * <pre>
 * gps-fixes ─▶ keyBy(race/rider) ─▶ track-riders ─▶ [placement] ─▶ keyBy(race) ─▶ standings ─┐
 *                     ▲                  │ passages, trace              overtakes ◀─┤        │
 * race-control ─▶ broadcast ─────────────┤                                          │        │
 *                                        └ trace ─▶ motion ─▶ CEP abrupt-stops ─▶ incidents  │
 *                    encode-passages / -standings / -incidents / -overtakes ─▶ race-updates ◀┘
 * </pre>
 *
 * The job takes its sources, its sink and one immutable {@link Options} in the constructor: {@link
 * #main} wires Kinesis from production-style arguments, tests and the replay tool wire what they
 * need. {@link #build} returns the typed streams ({@link Outputs}) so that further sinks (serving
 * store, lakehouse) attach without touching the graph above. Bounded runs put {@link
 * PlacementOperator} before the standings.
 */
public final class TrackerJob {

    /**
     * How the job runs, beyond its sources and sink.
     *
     * @param settings thresholds and watermarks
     * @param servingStore also writes standings, passages, incidents, overtakes and race
     *     definitions to the live serving store (see {@code ServingStoreSink}), or {@code null}
     * @param standingsAtEventTime standings of a second hold only positions up to it: for bounded
     *     runs, which read far ahead of their watermark ({@link PlacementOperator} goes before the
     *     standings); live, each rider's latest position is used (at most the out-of-orderness
     *     bound ahead), so the last second of a race is emitted even when no later fix moves event
     *     time past it
     * @param fixSourceParallelism the fix source's parallelism, or 0 for the job's: a source read
     *     by one subtask delivers in one order, as a single shard does
     */
    public record Options(
            TrackerSettings settings,
            Sink<EncodedRaceUpdate> servingStore,
            boolean standingsAtEventTime,
            int fixSourceParallelism) {

        public Options {
            Objects.requireNonNull(settings, "settings is null");
            if (fixSourceParallelism < 0) {
                throw new IllegalArgumentException(
                        "fixSourceParallelism cannot be negative: " + fixSourceParallelism);
            }
        }

        /** The live job: latest positions, no serving store. */
        public static Options live(TrackerSettings settings) {
            return new Options(settings, null, false, 0);
        }

        /** A bounded run over files: standings at event time, no serving store. */
        public static Options bounded(TrackerSettings settings) {
            return new Options(settings, null, true, 0);
        }

        public Options withServingStore(Sink<EncodedRaceUpdate> sink) {
            return new Options(
                    settings,
                    Objects.requireNonNull(sink, "sink is null"),
                    standingsAtEventTime,
                    fixSourceParallelism);
        }

        public Options withFixSourceParallelism(int parallelism) {
            return new Options(settings, servingStore, standingsAtEventTime, parallelism);
        }
    }

    private final Source<GpsFix, ?, ?> fixes;
    private final Source<RaceControlMessage, ?, ?> raceControl;
    private final Sink<EncodedRaceUpdate> raceUpdates;
    private final Options options;

    public TrackerJob(
            Source<GpsFix, ?, ?> fixes,
            Source<RaceControlMessage, ?, ?> raceControl,
            Sink<EncodedRaceUpdate> raceUpdates,
            Options options) {
        this.fixes = Objects.requireNonNull(fixes, "fixes is null");
        this.raceControl = Objects.requireNonNull(raceControl, "raceControl is null");
        this.raceUpdates = Objects.requireNonNull(raceUpdates, "raceUpdates is null");
        this.options = Objects.requireNonNull(options, "options is null");
    }

    /** The job on Kinesis streams with the given names. */
    public static TrackerJob onKinesis(
            KinesisSettings kinesis,
            String gpsFixes,
            String raceControl,
            String raceUpdates,
            Options options) {
        return new TrackerJob(
                kinesis.fixSource(gpsFixes),
                kinesis.controlSource(raceControl),
                kinesis.updatesSink(raceUpdates),
                options);
    }

    /** The job on the streams' usual names. */
    public static TrackerJob onKinesis(KinesisSettings kinesis, Options options) {
        return onKinesis(
                kinesis, Streams.GPS_FIXES, Streams.RACE_CONTROL, Streams.RACE_UPDATES, options);
    }

    /** The streams the graph produces, typed, for further sinks (lakehouse, analysis). */
    public record Outputs(
            DataStream<RiderUpdate> riderUpdates,
            DataStream<CheckpointPassage> passages,
            DataStream<TrackedFix> trackedFixes,
            DataStream<RiderIncident> incidents,
            DataStream<Standings> standings,
            DataStream<Overtake> overtakes,
            DataStream<EncodedRaceUpdate> raceUpdates,
            DataStream<RaceControlMessage> raceControl) {}

    public static WatermarkStrategy<GpsFix> fixWatermarks(TrackerSettings settings) {
        return WatermarkStrategy.<GpsFix>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((fix, previous) -> fix.latestTakenAt().toEpochMilli())
                .withIdleness(settings.idleness());
    }

    /**
     * Race definitions are not events in race time: their input is idle for event time, so that
     * operators downstream follow the fixes' watermark alone.
     *
     * <p>Not a {@code Long.MAX_VALUE} watermark: when the fix input goes idle (quiet shards), an
     * operator ignores it, and a MAX watermark on the other input would then fire every timer and
     * freeze event time for good.
     */
    public static <T> WatermarkStrategy<T> idleForEventTime() {
        return context ->
                new WatermarkGenerator<T>() {
                    @Override
                    public void onEvent(T event, long timestamp, WatermarkOutput output) {}

                    @Override
                    public void onPeriodicEmit(WatermarkOutput output) {
                        output.markIdle();
                    }
                };
    }

    public Outputs build(StreamExecutionEnvironment env) {
        TrackerSettings settings = options.settings();
        SingleOutputStreamOperator<GpsFix> fixStream =
                env.fromSource(
                                fixes,
                                fixWatermarks(settings),
                                Streams.GPS_FIXES,
                                TypeInformation.of(GpsFix.class))
                        .uid("gps-fixes-source");
        if (options.fixSourceParallelism() > 0) {
            fixStream.setParallelism(options.fixSourceParallelism());
        }
        DataStream<RaceControlMessage> control =
                env.fromSource(
                                raceControl,
                                TrackerJob.<RaceControlMessage>idleForEventTime(),
                                Streams.RACE_CONTROL,
                                TypeInformation.of(RaceControlMessage.class))
                        .uid("race-control-source");
        BroadcastStream<RaceControlMessage> races = control.broadcast(RiderTrackingFunction.RACES);

        SingleOutputStreamOperator<RiderUpdate> riderUpdates =
                fixStream
                        .keyBy(PartitionKeys::rider)
                        .connect(races)
                        .process(
                                new RiderTrackingFunction(
                                        settings.tracking(), settings.lifecycle()),
                                TypeInformation.of(RiderUpdate.class))
                        .name("track-riders")
                        .uid("track-riders");
        DataStream<CheckpointPassage> passages =
                riderUpdates.getSideOutput(RiderTrackingFunction.PASSAGES);
        DataStream<TrackedFix> trackedFixes =
                riderUpdates.getSideOutput(RiderTrackingFunction.TRACKED_FIXES);

        DataStream<RiderUpdate> toStandings = riderUpdates;
        if (options.standingsAtEventTime()) {
            toStandings =
                    riderUpdates
                            .keyBy(RiderUpdate::raceId)
                            .transform(
                                    "placement",
                                    TypeInformation.of(RiderUpdate.class),
                                    new PlacementOperator())
                            .uid("placement");
        }
        SingleOutputStreamOperator<Standings> standings =
                toStandings
                        .keyBy(RiderUpdate::raceId)
                        .connect(races)
                        .process(
                                new StandingsFunction(
                                        settings.lifecycle(), settings.maxOutOfOrderness()),
                                TrackerTypes.STANDINGS)
                        .name("standings")
                        .uid("standings");
        DataStream<Overtake> overtakes = standings.getSideOutput(StandingsFunction.OVERTAKES);
        DataStream<RiderIncident> incidents =
                incidents(
                        trackedFixes,
                        settings.incidents(),
                        settings.lifecycle().retention(),
                        settings.idleness());

        DataStream<EncodedRaceUpdate> updates =
                encode(passages, RaceUpdate::of, "passages")
                        .union(
                                encode(standings, RaceUpdate::of, "standings"),
                                encode(incidents, RaceUpdate::of, "incidents"),
                                encode(overtakes, RaceUpdate::of, "overtakes"));
        updates.sinkTo(raceUpdates).name("race-updates-sink").uid("race-updates-sink");
        if (options.servingStore() != null) {
            DataStream<EncodedRaceUpdate> definitions =
                    control.map(TrackerJob::definitionUpdate)
                            .returns(TypeInformation.of(EncodedRaceUpdate.class))
                            .name("encode-definitions")
                            .uid("encode-definitions");
            updates.union(definitions)
                    .sinkTo(options.servingStore())
                    .name("serving-store-sink")
                    .uid("serving-store-sink");
        }
        return new Outputs(
                riderUpdates,
                passages,
                trackedFixes,
                incidents,
                standings,
                overtakes,
                updates,
                control);
    }

    /** The one place where the job's typed outputs become {@code race-updates} records. */
    private static <T> DataStream<EncodedRaceUpdate> encode(
            DataStream<T> typed, SerializableFunction<T, RaceUpdate> update, String what) {
        return typed.map(value -> EncodedRaceUpdate.of(update.apply(value)))
                .returns(TypeInformation.of(EncodedRaceUpdate.class))
                .name("encode-" + what)
                .uid("encode-" + what);
    }

    /**
     * How far behind the newest motion sample one may come and still reach the crash pattern. Fixes
     * reach the job in the order phones deliver them, not in the order they were taken: of the
     * quality matrix's live runs at one fix a second, 37 % of the fixes came more than the
     * standings' 500 ms behind the newest fix of the shard (phones' clocks and delivery differ by
     * fractions of a second to seconds), and CEP drops what is behind its watermark: a crash whose
     * decisive samples were among them was found only as a stop. The incidents' alerts come 10-18 s
     * after the standstill (a window of samples), so a few seconds more of waiting costs them
     * little; the standings keep their own, tighter, bound.
     */
    static final Duration MOTION_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    /**
     * Incidents per rider: motion from the trace, the crash signature by a CEP pattern, the
     * incidents by {@link IncidentFunction}. The motion samples get their own watermarks ({@link
     * #MOTION_OUT_OF_ORDERNESS}; quiet subtasks stop holding event time back after {@code
     * idleness}).
     */
    static DataStream<RiderIncident> incidents(
            DataStream<TrackedFix> trackedFixes,
            IncidentRules rules,
            Duration retention,
            Duration idleness) {
        KeyedStream<MotionSample, String> motion =
                trackedFixes
                        .keyBy(t -> PartitionKeys.rider(t.fix()))
                        .process(
                                new MotionFunction(rules, retention),
                                TypeInformation.of(MotionSample.class))
                        .name("motion")
                        .uid("motion")
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<MotionSample>forBoundedOutOfOrderness(
                                                MOTION_OUT_OF_ORDERNESS)
                                        .withTimestampAssigner(
                                                (sample, previous) -> sample.ts().toEpochMilli())
                                        .withIdleness(idleness))
                        .name("motion-watermarks")
                        .uid("motion-watermarks")
                        .keyBy(m -> PartitionKeys.rider(m.raceId(), m.riderId()));
        DataStream<AbruptStop> stops =
                CEP.pattern(motion, IncidentPatterns.abruptStop(rules))
                        .process(
                                new IncidentPatterns.ToAbruptStop(),
                                TypeInformation.of(AbruptStop.class))
                        .name("abrupt-stops")
                        .uid("abrupt-stops");
        return motion.connect(stops.keyBy(s -> PartitionKeys.rider(s.raceId(), s.riderId())))
                .process(
                        new IncidentFunction(rules, retention),
                        TypeInformation.of(RiderIncident.class))
                .name("incidents")
                .uid("incidents");
    }

    static EncodedRaceUpdate definitionUpdate(RaceControlMessage message) {
        return new EncodedRaceUpdate(
                message.raceId(),
                RecordIds.definition(message.raceId(), message.version()),
                ServingStore.DEFINITION,
                message.version(),
                message.definitionJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The job's own settings on top of the environment's (the cluster's configuration, or a local
     * MiniCluster's): the checkpoint interval. Our own records have Flink serializers (no Kryo
     * fallback, which would break state compatibility): {@code TrackerTypesTest} checks them, so
     * that third-party operators that do pass generic types (Iceberg's sink) can join the graph.
     */
    public static Configuration baseConfiguration(Duration checkpointInterval) {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        return config;
    }

    /**
     * The job as its arguments describe it: {@code --kinesis.endpoint} (a local emulator; omit in
     * AWS), {@code --kinesis.region}, {@code --kinesis.account-id} (required without an endpoint),
     * {@code --stream.gps-fixes}, {@code --stream.race-control}, {@code --stream.race-updates},
     * {@code --serving.redis-uri} (the live serving store, optional), and the thresholds of {@link
     * TrackerSettings#fromArguments}.
     *
     * @throws IllegalArgumentException naming a missing or malformed argument
     */
    public static TrackerJob fromArguments(ParameterTool params) {
        String endpoint = params.get("kinesis.endpoint");
        KinesisSettings kinesis =
                endpoint != null
                        ? KinesisSettings.local(endpoint)
                        : new KinesisSettings(
                                null,
                                params.get("kinesis.region", "eu-west-1"),
                                params.getRequired("kinesis.account-id"),
                                null,
                                null,
                                10_000);
        Options options = Options.live(TrackerSettings.fromArguments(params.toMap()));
        String redis = params.get("serving.redis-uri");
        if (redis != null) {
            options = options.withServingStore(new ServingStoreSink(redis, Duration.ofSeconds(10)));
        }
        return onKinesis(
                kinesis,
                params.get("stream.gps-fixes", Streams.GPS_FIXES),
                params.get("stream.race-control", Streams.RACE_CONTROL),
                params.get("stream.race-updates", Streams.RACE_UPDATES),
                options);
    }

    /** Where Amazon Managed Service for Apache Flink puts an application's runtime properties. */
    static final Path MSF_PROPERTIES = Path.of("/etc/flink/application_properties.json");

    /** The property group that holds the job's arguments there (same keys, without the dashes). */
    static final String MSF_GROUP = "TrackerJob";

    /**
     * One group of a runtime-properties file ({@code [{"PropertyGroupId", "PropertyMap"}]}), as
     * arguments: how the job is configured where {@code main} gets none (Managed Service for Apache
     * Flink).
     *
     * @throws IllegalArgumentException if the file is not such a list or has no such group
     */
    static Map<String, String> runtimeProperties(Path file, String group) throws IOException {
        JsonNode groups = new ObjectMapper().readTree(file.toFile());
        if (groups == null || !groups.isArray()) {
            throw new IllegalArgumentException(file + " is not a list of property groups");
        }
        for (JsonNode g : groups) {
            if (group.equals(g.path("PropertyGroupId").asText())) {
                Map<String, String> properties = new LinkedHashMap<>();
                g.path("PropertyMap")
                        .fields()
                        .forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
                return properties;
            }
        }
        throw new IllegalArgumentException(file + " has no property group " + group);
    }

    /**
     * The entry point of the job jar ({@code flink-jobs/target/tracker-job.jar}): the arguments of
     * {@link #fromArguments}, and {@code --checkpoint.interval-ms} (10,000), {@code
     * --max-parallelism} (720 key groups; see docs/operations.md), {@code --job.name} ({@code
     * breakaway-tracker}) and the lakehouse's ({@link LakehouseCatalog#fromArguments}: every fix
     * and event into the history tables), and any Flink setting as {@code --flink.<key> <value>}
     * (e.g. {@code --flink.state.checkpoints.dir}, {@code --flink.execution.state-recovery.path} to
     * restore from a checkpoint when started as a plain Java program). Runs on whatever environment
     * it is started in: a Flink cluster ({@code flink run}, application mode, the Kubernetes
     * operator, Amazon Managed Service for Apache Flink) or, started as a plain Java program, a
     * local MiniCluster.
     */
    /** Arguments starting with this are Flink settings, the rest of the name the key. */
    static final String FLINK_PREFIX = "flink.";

    public static void main(String[] args) throws Exception {
        ParameterTool params =
                args.length == 0 && Files.exists(MSF_PROPERTIES)
                        ? ParameterTool.fromMap(runtimeProperties(MSF_PROPERTIES, MSF_GROUP))
                        : ParameterTool.fromArgs(args);
        TrackerJob job = fromArguments(params);
        Configuration config =
                baseConfiguration(
                        Duration.ofMillis(params.getLong("checkpoint.interval-ms", 10_000)));
        // The number of key groups: fixed for the life of the job's state (a savepoint restores
        // only into the same), and the most subtasks the keyed operators can ever scale out to.
        config.set(PipelineOptions.MAX_PARALLELISM, params.getInt("max-parallelism", 720));
        params.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(FLINK_PREFIX)
                                    && key.length() > FLINK_PREFIX.length()) {
                                config.setString(key.substring(FLINK_PREFIX.length()), value);
                            }
                        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        Outputs outputs = job.build(env);
        LakehouseCatalog lakehouse = LakehouseCatalog.fromArguments(params.toMap());
        if (lakehouse != null) {
            dev.breakaway.flink.lakehouse.LakehouseSinks.attach(outputs, lakehouse);
        }
        env.execute(params.get("job.name", "breakaway-tracker"));
    }
}
