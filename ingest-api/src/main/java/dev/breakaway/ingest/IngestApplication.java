package dev.breakaway.ingest;

import dev.breakaway.ingest.cli.IssueTokenCommand;
import dev.breakaway.ingest.core.DeviceDirectory;
import dev.breakaway.ingest.core.DeviceRegistry;
import dev.breakaway.ingest.core.IngestService;
import dev.breakaway.ingest.core.RaceWindow;
import dev.breakaway.ingest.core.RateLimiter;
import dev.breakaway.ingest.db.DeviceStoreFactory;
import dev.breakaway.ingest.health.KinesisHealthCheck;
import dev.breakaway.ingest.kinesis.KinesisFactory;
import dev.breakaway.ingest.kinesis.KinesisFixPublisher;
import dev.breakaway.ingest.resources.FixesResource;
import dev.breakaway.ingest.resources.OpenApiResource;
import dev.breakaway.ingest.resources.OsmAndResource;
import dev.breakaway.ingest.tasks.RevokeTokenTask;
import dev.breakaway.ingest.websocket.DeviceStream;
import dev.breakaway.ingest.websocket.OpenStreams;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * ingest-api: riders' devices send fixes over HTTP ({@code POST /v1/races/{raceId}/fixes}) or a
 * WebSocket ({@code /v1/races/{raceId}/stream}); each fix acknowledged is on the {@code gps-fixes}
 * stream. Also serves the reference rider page ({@code /rider/}) and the API's OpenAPI description
 * ({@code /v1/openapi.yaml}).
 */
public class IngestApplication extends Application<IngestConfiguration> {

    static final String STREAM_PATH = "/v1/races/{raceId}/stream";

    /** How often open device streams are checked against their grants. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private static final Pattern STREAM_URI = Pattern.compile("^/v1/races/([^/]+)/stream$");

    public static void main(String[] args) throws Exception {
        new IngestApplication().run(args);
    }

    @Override
    public String getName() {
        return "ingest-api";
    }

    @Override
    public void initialize(Bootstrap<IngestConfiguration> bootstrap) {
        // ${VAR:-default} in the configuration file comes from the environment
        bootstrap.setConfigurationSourceProvider(
                new SubstitutingSourceProvider(
                        bootstrap.getConfigurationSourceProvider(),
                        new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new AssetsBundle("/rider", "/rider", "index.html", "rider"));
        bootstrap.addCommand(new IssueTokenCommand());
    }

    @Override
    public void run(IngestConfiguration config, Environment environment) {
        // the server (and its access log) is built after run(): in time for every configuration,
        // from a file or from code
        IngestConfiguration.maskRequestLog(config);
        KinesisFactory kinesis = config.getKinesis();
        KinesisClient client = kinesis.buildClient();
        KinesisFixPublisher publisher = kinesis.buildPublisher(client, environment.metrics());
        // stopped in reverse: the publisher flushes before its client closes
        environment.lifecycle().manage(new AutoCloseableManager(client));
        environment.lifecycle().manage(new AutoCloseableManager(publisher));

        Map<String, RaceWindow> races =
                config.getRaces().stream()
                        .map(IngestConfiguration.Race::toWindow)
                        .collect(Collectors.toMap(RaceWindow::raceId, Function.identity()));
        DeviceRegistry configured =
                new DeviceRegistry(
                        config.getDevices().stream()
                                .map(IngestConfiguration.Device::toGrant)
                                .toList(),
                        races);
        DeviceStoreFactory store = config.getDeviceStore();
        DeviceDirectory devices =
                store == null
                        ? configured
                        : store.build(environment.metrics(), environment.lifecycle());
        IngestConfiguration.Limits limits = config.getLimits();
        IngestService ingest =
                new IngestService(
                        devices,
                        new RateLimiter(
                                limits.getRequestsPerSecond(),
                                limits.getRequestBurst(),
                                System::nanoTime),
                        limits.toLimits(),
                        publisher,
                        kinesis.getAckTimeout().toJavaDuration(),
                        Clock.systemUTC(),
                        new IngestMetrics(environment.metrics()));

        environment.jersey().register(new FixesResource(ingest));
        environment.jersey().register(new OsmAndResource(ingest));
        environment.jersey().register(new OpenApiResource());
        environment
                .healthChecks()
                .register("kinesis", new KinesisHealthCheck(client, kinesis.getStreamName()));
        if (store == null) {
            // with the admin database, devices are revoked through admin-api
            environment.admin().addTask(new RevokeTokenTask(configured));
        }

        OpenStreams openStreams = new OpenStreams(ingest);
        environment
                .lifecycle()
                .scheduledExecutorService("device-stream-sweep")
                .build()
                .scheduleWithFixedDelay(
                        () -> {
                            try {
                                openStreams.sweep();
                            } catch (RuntimeException e) {
                                // the next sweep tries again; a thrown exception would end them
                                org.slf4j.LoggerFactory.getLogger(IngestApplication.class)
                                        .warn("device stream sweep failed", e);
                            }
                        },
                        SWEEP_EVERY.toMillis(),
                        SWEEP_EVERY.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
        long maxMessageBytes = limits.toLimits().maxBodyBytes();
        JettyWebSocketServletContainerInitializer.configure(
                environment.getApplicationContext(),
                (servletContext, container) -> {
                    container.setMaxTextMessageSize(maxMessageBytes);
                    container.setIdleTimeout(Duration.ofMinutes(5));
                    container.addMapping(
                            "uri-template|" + STREAM_PATH,
                            (request, response) -> {
                                Matcher m = STREAM_URI.matcher(request.getRequestPath());
                                String raceId = m.matches() ? m.group(1) : "";
                                IngestService.Authorization auth =
                                        ingest.authorize(
                                                request.getHeader("Authorization"), raceId);
                                if (auth instanceof IngestService.Refused refused) {
                                    response.sendError(
                                            refused.refusal().httpStatus(),
                                            refused.refusal().reason()
                                                    + ": "
                                                    + refused.refusal().message());
                                    return null;
                                }
                                return new DeviceStream(
                                        ingest, (IngestService.Authorized) auth, openStreams);
                            });
                });
    }
}
