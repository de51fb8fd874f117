package dev.breakaway.platform;

import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControlPublisher;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.results.OfficialResult;
import dev.breakaway.core.results.OfficialResults;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.OidcServer;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.devstack.ServiceProcess;
import dev.breakaway.devstack.TrinoServer;
import dev.breakaway.flink.kinesis.KinesisSettings;
import dev.breakaway.flink.lakehouse.LakehouseSinks;
import dev.breakaway.flink.lakehouse.ResultsPublisher;
import dev.breakaway.flink.lakehouse.ResultsReconciler;
import dev.breakaway.flink.serving.ServingStoreSink;
import dev.breakaway.flink.tracker.TrackerJob;
import dev.breakaway.flink.tracker.TrackerSettings;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.SchemaMigrations;
import dev.breakaway.replay.LocalFlink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The whole live path on one machine, every part real: the Kinesis emulator, Redis, query-api and
 * (when devices are given) ingest-api from their jars as their own processes, and the tracker job
 * on an in-process MiniCluster. For the demo, {@code latency} and the end-to-end tests; {@link
 * #close()} stops everything.
 */
public final class LiveStack implements AutoCloseable {

    /**
     * What to start.
     *
     * @param kinesisPort 0 for any free port (likewise the other ports)
     * @param gpsShards shards of {@code gps-fixes}
     * @param ingestRaces races ingest-api accepts fixes for, each from a minute before its start to
     *     a day after; with {@code devices}, empty for no ingest-api
     * @param devices device tokens by rider, per race id (ingest-api is given only their hashes)
     * @param history the race history too: PostgreSQL (the lakehouse catalog), the tracker writing
     *     every fix and event into Iceberg (committed on each checkpoint), Trino over it, and
     *     query-api's history endpoints
     * @param admin admin-api on its own database and the local OIDC issuer; ingest-api then takes
     *     its device grants and races from that database, not from {@code ingestRaces}
     */
    public record Options(
            int kinesisPort,
            int gpsShards,
            int redisPort,
            int queryPort,
            List<RaceDefinition> ingestRaces,
            Map<String, Map<String, String>> devices,
            Duration checkpointInterval,
            boolean history,
            boolean admin) {

        public static Options defaults() {
            return new Options(
                    0, 4, 0, 0, List.of(), Map.of(), Duration.ofSeconds(5), false, false);
        }

        public Options withAdmin() {
            return new Options(
                    kinesisPort,
                    gpsShards,
                    redisPort,
                    queryPort,
                    ingestRaces,
                    devices,
                    checkpointInterval,
                    history,
                    true);
        }

        public Options withIngest(List<RaceDefinition> races, Map<String, Map<String, String>> d) {
            return new Options(
                    kinesisPort,
                    gpsShards,
                    redisPort,
                    queryPort,
                    races,
                    d,
                    checkpointInterval,
                    history,
                    admin);
        }

        public Options withPorts(int kinesis, int redis, int query) {
            return new Options(
                    kinesis,
                    gpsShards,
                    redis,
                    query,
                    ingestRaces,
                    devices,
                    checkpointInterval,
                    history,
                    admin);
        }

        public Options withGpsShards(int shards) {
            return new Options(
                    kinesisPort,
                    shards,
                    redisPort,
                    queryPort,
                    ingestRaces,
                    devices,
                    checkpointInterval,
                    history,
                    admin);
        }

        public Options withHistory() {
            return new Options(
                    kinesisPort,
                    gpsShards,
                    redisPort,
                    queryPort,
                    ingestRaces,
                    devices,
                    checkpointInterval,
                    true,
                    admin);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveStack.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private KinesisEmulator kinesis;
    private KinesisClient client;
    private RedisServer redis;
    private ServiceProcess query;
    private ServiceProcess ingest;
    private JobClient tracker;
    private LakehouseCatalog lakehouse;
    private TrinoServer trino;
    private PostgresServer postgres;
    private OidcServer oidc;
    private ServiceProcess admin;
    private String adminJdbcUrl;

    /** How long ingest keeps the admin database's answers: a revocation's delay at most. */
    public static final Duration GRANTS_CACHE = Duration.ofSeconds(2);

    private LiveStack() {}

    public static LiveStack start(Options options) throws Exception {
        LiveStack stack = new LiveStack();
        try {
            stack.kinesis =
                    stack.keep(
                            KinesisEmulator.start(
                                    options.kinesisPort(),
                                    KinesisEmulator.streams(
                                            Streams.GPS_FIXES,
                                            options.gpsShards(),
                                            Streams.RACE_CONTROL,
                                            1,
                                            Streams.RACE_UPDATES,
                                            2)));
            stack.client = stack.keep(stack.kinesis.client());
            stack.redis = stack.keep(RedisServer.start(options.redisPort()));
            if (options.history() || options.admin()) {
                stack.postgres = stack.keep(PostgresServer.start(0));
                stack.oidc = stack.keep(OidcServer.start(0));
            }
            String historyUrl = null;
            if (options.history()) {
                stack.startHistory();
                historyUrl =
                        stack.trino.jdbcUrl(stack.lakehouse.name())
                                + "/"
                                + LakehouseTables.NAMESPACE;
            }
            stack.query =
                    stack.keep(
                            ServiceProcess.start(
                                    "query-api",
                                    options.queryPort(),
                                    ServiceConfigurations.query(
                                            stack.redis.uri(), historyUrl, stack.oidc),
                                    List.of("-Xmx512m")));
            if (options.admin()) {
                stack.adminJdbcUrl = stack.postgres.database("admin");
                stack.ingest = stack.startIngest();
                stack.admin =
                        stack.keep(
                                ServiceProcess.start(
                                        "admin-api",
                                        0,
                                        ServiceConfigurations.admin(
                                                stack.adminJdbcUrl,
                                                stack.oidc,
                                                stack.kinesis.endpoint(),
                                                stack.ingest.baseUrl()),
                                        List.of("-Xmx384m")));
            } else if (!options.ingestRaces().isEmpty()) {
                stack.ingest =
                        stack.keep(
                                ServiceProcess.start(
                                        "ingest-api",
                                        0,
                                        ServiceConfigurations.ingest(
                                                stack.kinesis.endpoint(),
                                                options.ingestRaces(),
                                                options.devices()),
                                        List.of("-Xmx512m")));
            }
            stack.tracker =
                    startTracker(
                            stack.kinesis.endpoint(),
                            stack.redis.uri(),
                            options.checkpointInterval(),
                            stack.lakehouse);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** PostgreSQL with the lakehouse catalog, a local warehouse, and Trino over them. */
    private void startHistory() throws Exception {
        Path warehouse = Files.createTempDirectory("breakaway-warehouse-");
        keep(() -> deleteTree(warehouse));
        lakehouse = LakehouseCatalog.onLocalPostgres(postgres.database("lakehouse"), warehouse);
        try (JdbcCatalog catalog = lakehouse.open()) {
            SchemaMigrations.apply(catalog);
        }
        trino = keep(TrinoServer.start(0, lakehouse.trinoValues(), lakehouse.trinoProbeTable()));
        ScheduledExecutorService results =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread t = new Thread(task, "results-reconciler");
                            t.setDaemon(true);
                            return t;
                        });
        keep(
                () -> {
                    results.shutdownNow();
                    results.awaitTermination(30, TimeUnit.SECONDS);
                });
        long every = RESULTS_EVERY.toMillis();
        results.scheduleWithFixedDelay(this::reconcileResults, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * How often the stack brings the official results in step with the lakehouse (in AWS a
     * scheduled task does it, as the table upkeep): a race over gets them, a race corrected after
     * its finish gets them again.
     */
    public static final Duration RESULTS_EVERY = Duration.ofSeconds(5);

    private void reconcileResults() {
        try {
            for (String race :
                    ResultsReconciler.run(
                            lakehouse, TrackerSettings.defaults().lifecycle(), Instant.now())) {
                LOG.info("official results of race {} published", race);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "official results not brought up to date; tried again in {}", RESULTS_EVERY, e);
        }
    }

    /**
     * Starts an ingest-api on the admin database (the stack starts one; a test starts a second to
     * see what every instance does). Stopped with the stack.
     */
    public ServiceProcess startIngest() {
        if (adminJdbcUrl == null) {
            throw new IllegalStateException("the stack runs without admin-api");
        }
        return keep(
                ServiceProcess.start(
                        "ingest-api",
                        0,
                        ServiceConfigurations.ingestOnAdminDatabase(
                                kinesis.endpoint(), adminJdbcUrl, GRANTS_CACHE),
                        List.of("-Xmx384m")));
    }

    /** admin-api, or {@code null} without it. */
    public ServiceProcess admin() {
        return admin;
    }

    /** The local OIDC issuer, or {@code null} without admin or history. */
    public OidcServer oidc() {
        return oidc;
    }

    /** A token of the demo analyst (for the history endpoints), from the local issuer. */
    public String analystToken() {
        if (oidc == null) {
            throw new IllegalStateException("the stack runs without an issuer");
        }
        return oidc.token("ana", List.of("analyst"));
    }

    /** A client of admin-api signed in as the demo admin. */
    public AdminClient adminClient() {
        if (admin == null) {
            throw new IllegalStateException("the stack runs without admin-api");
        }
        return new AdminClient(admin.baseUrl(), () -> oidc.token("ada", List.of("admin")));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Starts the tracker job (parallelism 2) on a local MiniCluster against the local Kinesis
     * endpoint, writing to the Redis serving store (and to the lakehouse, if given), and returns at
     * once.
     */
    static JobClient startTracker(
            String kinesisEndpoint,
            String redisUri,
            Duration checkpointInterval,
            LakehouseCatalog lakehouse)
            throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(2, checkpointInterval);
        TrackerJob.Outputs outputs =
                TrackerJob.onKinesis(
                                KinesisSettings.local(kinesisEndpoint),
                                TrackerJob.Options.live(TrackerSettings.defaults())
                                        .withServingStore(
                                                new ServingStoreSink(
                                                        redisUri, Duration.ofSeconds(10))))
                        .build(env);
        if (lakehouse != null) {
            LakehouseSinks.attach(outputs, lakehouse);
        }
        return env.executeAsync("breakaway-tracker-local");
    }

    /**
     * Publishes a race's official results into the lakehouse from what the tracker stored (its
     * passages as committed by the last checkpoint), replacing any earlier classification.
     */
    public List<OfficialResult> publishResults(RaceDefinition race) {
        if (lakehouse == null) {
            throw new IllegalStateException("the stack runs without history");
        }
        return ResultsPublisher.publish(
                lakehouse, race, OfficialResults.Rules.of(race), Instant.now());
    }

    /** The lakehouse catalog, or {@code null} without history. */
    public LakehouseCatalog lakehouse() {
        return lakehouse;
    }

    /** Trino over the lakehouse, or {@code null} without history. */
    public TrinoServer trino() {
        return trino;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.add(resource);
        return resource;
    }

    /** Publishes a race definition on {@code race-control}, as the admin API will. */
    public void publish(RaceDefinition race) {
        new RaceControlPublisher(client, Streams.RACE_CONTROL).publish(race);
    }

    /**
     * Waits until query-api serves the race: the tracker has taken its definition (published on
     * race-control) and written it to the serving store.
     */
    public void awaitRace(String raceId, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(query.baseUrl() + "/v1/races/" + raceId);
        Instant deadline = Instant.now().plus(timeout);
        while (http.send(
                                HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("race " + raceId + " never reached query-api");
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the tracker's first write
        }
    }

    public KinesisEmulator kinesis() {
        return kinesis;
    }

    public KinesisClient kinesisClient() {
        return client;
    }

    public RedisServer redis() {
        return redis;
    }

    /** query-api: the spectators' service and the live race page. */
    public ServiceProcess query() {
        return query;
    }

    /** ingest-api, or {@code null} when no races were given for it. */
    public ServiceProcess ingest() {
        return ingest;
    }

    public JobClient tracker() {
        return tracker;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        if (tracker != null) {
            try {
                tracker.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure = new IllegalStateException("cannot cancel the tracker job", e);
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot stop " + started.get(i), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
