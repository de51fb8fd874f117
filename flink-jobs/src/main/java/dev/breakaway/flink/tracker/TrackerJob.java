package dev.breakaway.flink.tracker;

import dev.breakaway.core.incidents.AbruptStop;
import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.json.RaceUpdate;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.serving.ServingStore;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.flink.incidents.IncidentFunction;
import dev.breakaway.flink.incidents.IncidentPatterns;
import dev.breakaway.flink.incidents.MotionFunction;
import dev.breakaway.flink.kinesis.KinesisSettings;
import dev.breakaway.flink.serving.ServingStoreSink;
import java.time.Duration;
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

/**
 * The tracker: GPS fixes in, checkpoint passages and live standings out.
 *
 * <pre>
 * gps-fixes ──▶ keyBy(race/rider) ──▶ track-riders ──▶ keyBy(race) ──▶ standings ──┐
 *                      ▲                    ├─ passages ──▶ encode-passages ────────┼▶ race-updates
 * race-control ──▶ broadcast ───────────────│───────────────────▲                   │
 *                                           └─ trace ──▶ motion ──▶ CEP abrupt-stops ─┐
 *                                                          └──────▶ incidents ◀───────┴┘
 * </pre>
 *
 * The job takes its sources and sink in the constructor: {@link #main} wires Kinesis, tests and the
 * replay tool wire what they need. {@link #build} returns the intermediate streams so that further
 * sinks (serving store, lakehouse) attach without touching the graph above.
 */
public final class TrackerJob {

    private final Source<GpsFix, ?, ?> fixes;
    private final Source<RaceControlMessage, ?, ?> raceControl;
    private final Sink<EncodedRaceUpdate> raceUpdates;
    private final TrackerSettings settings;
    private Sink<EncodedRaceUpdate> servingStore;
    private boolean standingsAtEventTime;

    public TrackerJob(
            Source<GpsFix, ?, ?> fixes,
            Source<RaceControlMessage, ?, ?> raceControl,
            Sink<EncodedRaceUpdate> raceUpdates,
            TrackerSettings settings) {
        this.fixes = Objects.requireNonNull(fixes, "fixes is null");
        this.raceControl = Objects.requireNonNull(raceControl, "raceControl is null");
        this.raceUpdates = Objects.requireNonNull(raceUpdates, "raceUpdates is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
    }

    /**
     * Also writes standings, passages and race definitions to the live serving store (see {@code
     * ServingStoreSink}); definitions travel as updates of type {@link ServingStore#DEFINITION}.
     */
    public TrackerJob withServingStore(Sink<EncodedRaceUpdate> servingStore) {
        this.servingStore = Objects.requireNonNull(servingStore, "servingStore is null");
        return this;
    }

    /**
     * Standings of a second hold only positions up to it: for bounded runs, which read far ahead of
     * their watermark (see {@link StandingsFunction#StandingsFunction(boolean)}).
     */
    public TrackerJob withStandingsAtEventTime() {
        this.standingsAtEventTime = true;
        return this;
    }

    public static final String GPS_FIXES = "gps-fixes";
    public static final String RACE_CONTROL = "race-control";
    public static final String RACE_UPDATES = "race-updates";

    /** The job on Kinesis streams with the given names. */
    public static TrackerJob onKinesis(
            KinesisSettings kinesis,
            String gpsFixes,
            String raceControl,
            String raceUpdates,
            TrackerSettings settings) {
        return new TrackerJob(
                kinesis.fixSource(gpsFixes),
                kinesis.controlSource(raceControl),
                kinesis.updatesSink(raceUpdates),
                settings);
    }

    /** The job on the streams' usual names. */
    public static TrackerJob onKinesis(KinesisSettings kinesis, TrackerSettings settings) {
        return onKinesis(kinesis, GPS_FIXES, RACE_CONTROL, RACE_UPDATES, settings);
    }

    /** The streams the graph produces, for further sinks. */
    public record Streams(
            DataStream<RiderUpdate> riderUpdates,
            DataStream<CheckpointPassage> passages,
            DataStream<TrackedFix> trackedFixes,
            DataStream<RiderIncident> incidents,
            DataStream<EncodedRaceUpdate> raceUpdates) {}

    public static WatermarkStrategy<GpsFix> fixWatermarks(TrackerSettings settings) {
        return WatermarkStrategy.<GpsFix>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                .withTimestampAssigner((fix, previous) -> fix.timestamp().toEpochMilli())
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

    public Streams build(StreamExecutionEnvironment env) {
        DataStream<GpsFix> fixStream =
                env.fromSource(
                                fixes,
                                fixWatermarks(settings),
                                "gps-fixes",
                                TypeInformation.of(GpsFix.class))
                        .uid("gps-fixes-source");
        DataStream<RaceControlMessage> control =
                env.fromSource(
                                raceControl,
                                TrackerJob.<RaceControlMessage>idleForEventTime(),
                                "race-control",
                                TypeInformation.of(RaceControlMessage.class))
                        .uid("race-control-source");
        BroadcastStream<RaceControlMessage> races = control.broadcast(RiderTrackingFunction.RACES);

        SingleOutputStreamOperator<RiderUpdate> riderUpdates =
                fixStream
                        .keyBy(RiderTrackingFunction::keyOf)
                        .connect(races)
                        .process(
                                new RiderTrackingFunction(settings.tracking()),
                                TypeInformation.of(RiderUpdate.class))
                        .name("track-riders")
                        .uid("track-riders");
        DataStream<CheckpointPassage> passages =
                riderUpdates.getSideOutput(RiderTrackingFunction.PASSAGES);
        DataStream<TrackedFix> trackedFixes =
                riderUpdates.getSideOutput(RiderTrackingFunction.TRACKED_FIXES);

        DataStream<EncodedRaceUpdate> standings =
                riderUpdates
                        .keyBy(RiderUpdate::raceId)
                        .connect(races)
                        .process(
                                new StandingsFunction(standingsAtEventTime),
                                TypeInformation.of(EncodedRaceUpdate.class))
                        .name("standings")
                        .uid("standings");
        DataStream<EncodedRaceUpdate> passageUpdates =
                passages.map(passage -> EncodedRaceUpdate.of(RaceUpdate.of(passage)))
                        .returns(TypeInformation.of(EncodedRaceUpdate.class))
                        .name("encode-passages")
                        .uid("encode-passages");
        DataStream<RiderIncident> incidents = incidents(trackedFixes, settings.incidents());
        DataStream<EncodedRaceUpdate> incidentUpdates =
                incidents
                        .map(incident -> EncodedRaceUpdate.of(RaceUpdate.of(incident)))
                        .returns(TypeInformation.of(EncodedRaceUpdate.class))
                        .name("encode-incidents")
                        .uid("encode-incidents");
        DataStream<EncodedRaceUpdate> updates = passageUpdates.union(standings, incidentUpdates);
        updates.sinkTo(raceUpdates).name("race-updates-sink").uid("race-updates-sink");
        if (servingStore != null) {
            DataStream<EncodedRaceUpdate> definitions =
                    control.map(TrackerJob::definitionUpdate)
                            .returns(TypeInformation.of(EncodedRaceUpdate.class))
                            .name("encode-definitions")
                            .uid("encode-definitions");
            updates.union(definitions)
                    .sinkTo(servingStore)
                    .name("serving-store-sink")
                    .uid("serving-store-sink");
        }
        return new Streams(riderUpdates, passages, trackedFixes, incidents, updates);
    }

    /**
     * Incidents per rider: motion from the trace, the crash signature by a CEP pattern, the
     * incidents by {@link IncidentFunction}.
     */
    static DataStream<RiderIncident> incidents(
            DataStream<TrackedFix> trackedFixes, IncidentRules rules) {
        KeyedStream<MotionSample, String> motion =
                trackedFixes
                        .keyBy(t -> RiderTrackingFunction.keyOf(t.fix()))
                        .process(new MotionFunction(rules), TypeInformation.of(MotionSample.class))
                        .name("motion")
                        .uid("motion")
                        .keyBy(m -> m.raceId() + "/" + m.riderId());
        DataStream<AbruptStop> stops =
                CEP.pattern(motion, IncidentPatterns.abruptStop(rules))
                        .process(
                                new IncidentPatterns.ToAbruptStop(),
                                TypeInformation.of(AbruptStop.class))
                        .name("abrupt-stops")
                        .uid("abrupt-stops");
        return motion.connect(stops.keyBy(s -> s.raceId() + "/" + s.riderId()))
                .process(new IncidentFunction(rules), TypeInformation.of(RiderIncident.class))
                .name("incidents")
                .uid("incidents");
    }

    static EncodedRaceUpdate definitionUpdate(RaceControlMessage message) {
        return new EncodedRaceUpdate(
                message.raceId(),
                message.raceId() + "/definition/" + message.version(),
                ServingStore.DEFINITION,
                message.version(),
                message.definitionJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The job's own settings on top of the environment's: records must have Flink serializers (no
     * silent fallback to Kryo, which breaks state compatibility).
     */
    public static Configuration baseConfiguration(Duration checkpointInterval) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        return config;
    }

    /**
     * Runs against Kinesis. Arguments: {@code --kinesis.endpoint} (omit in AWS), {@code
     * --kinesis.region}, {@code --stream.gps-fixes}, {@code --stream.race-control}, {@code
     * --stream.race-updates}, {@code --serving.redis-uri} (the live serving store, optional),
     * {@code --checkpoint.interval-ms}, and the thresholds of {@link
     * TrackerSettings#fromArguments}.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
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
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        baseConfiguration(
                                Duration.ofMillis(
                                        params.getLong("checkpoint.interval-ms", 10_000))));
        TrackerJob job =
                onKinesis(
                        kinesis,
                        params.get("stream.gps-fixes", GPS_FIXES),
                        params.get("stream.race-control", RACE_CONTROL),
                        params.get("stream.race-updates", RACE_UPDATES),
                        TrackerSettings.fromArguments(params.toMap()));
        String redis = params.get("serving.redis-uri");
        if (redis != null) {
            job.withServingStore(new ServingStoreSink(redis, Duration.ofSeconds(10)));
        }
        job.build(env);
        env.execute("breakaway-tracker");
    }
}
