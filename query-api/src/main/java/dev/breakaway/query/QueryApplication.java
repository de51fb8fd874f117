package dev.breakaway.query;

import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.identity.dropwizard.OidcAuth;
import dev.breakaway.query.core.RedisLiveStore;
import dev.breakaway.query.history.HistoryConfiguration;
import dev.breakaway.query.history.TrinoHistoryStore;
import dev.breakaway.query.live.LiveHub;
import dev.breakaway.query.live.LiveSocket;
import dev.breakaway.query.resources.HistoryResource;
import dev.breakaway.query.resources.HistoryUnavailableMapper;
import dev.breakaway.query.resources.OpenApiResource;
import dev.breakaway.query.resources.PageConfigResource;
import dev.breakaway.query.resources.RacesResource;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.dropwizard.lifecycle.Managed;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * query-api: spectators read live standings, positions and events ({@code /v1/races/...}) and get
 * them pushed over a WebSocket ({@code /v1/races/{raceId}/live}); the live race page is at {@code
 * /live/?race=<raceId>}; analysts read race history ({@code /v1/history/...}) through Trino. Reads
 * only the serving store and Trino, so instances scale out behind a load balancer with no
 * coordination.
 */
public class QueryApplication extends Application<QueryConfiguration> {

    static final String LIVE_PATH = "/v1/races/{raceId}/live";
    private static final Pattern LIVE_URI = Pattern.compile("^/v1/races/([^/]+)/live$");

    public static void main(String[] args) throws Exception {
        new QueryApplication().run(args);
    }

    @Override
    public String getName() {
        return "query-api";
    }

    @Override
    public void initialize(Bootstrap<QueryConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(
                new SubstitutingSourceProvider(
                        bootstrap.getConfigurationSourceProvider(),
                        new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new AssetsBundle("/live", "/live", "index.html", "live"));
    }

    private static void registerHistory(HistoryConfiguration history, Environment environment) {
        TrinoHistoryStore store =
                new TrinoHistoryStore(
                        history.getJdbcUrl(),
                        history.getUser(),
                        history.getQueryTimeout().toJavaDuration(),
                        history.getMaxConcurrentQueries());
        environment.lifecycle().manage(new AutoCloseableManager(store));
        environment
                .jersey()
                .register(new HistoryResource(store, history.getCacheFor().toJavaDuration()));
        environment
                .jersey()
                .register(new HistoryUnavailableMapper(history.getRetryAfter().toJavaDuration()));
    }

    @Override
    public void run(QueryConfiguration config, Environment environment) {
        if (config.getOidc() != null) {
            OidcAuth.register(environment.jersey(), config.getOidc().buildVerifier());
        } else {
            OidcAuth.denyProtected(environment.jersey());
        }
        RedisClient redis = RedisClient.create(config.getRedisUri());
        StatefulRedisConnection<String, String> connection = redis.connect();
        StatefulRedisPubSubConnection<String, String> notices = redis.connectPubSub();
        RedisLiveStore store = new RedisLiveStore(connection.sync());
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        ExecutorService writers =
                Executors.newFixedThreadPool(
                        cores,
                        r -> {
                            Thread t = new Thread(r, "live-write");
                            t.setDaemon(true);
                            return t;
                        });
        LiveHub hub =
                new LiveHub(
                        store,
                        System::nanoTime,
                        config.getMinPushInterval().toJavaDuration(),
                        config.getEventsPerFrame(),
                        writers,
                        cores);
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "live-push");
                            t.setDaemon(true);
                            return t;
                        });
        Runnable tick =
                () -> {
                    try {
                        hub.tick();
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(QueryApplication.class)
                                .warn("live push tick failed", e);
                    }
                };
        notices.addListener(
                new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String pattern, String channel, String message) {
                        String raceId = ServingStore.raceOfChannel(channel);
                        if (raceId != null) {
                            hub.changed(raceId);
                            // push now, on the push thread; the periodic tick catches up with
                            // the clients that were not due yet
                            ticker.execute(tick);
                        }
                    }
                });
        long tickMillis = config.getPushTick().toMilliseconds();
        environment
                .lifecycle()
                .manage(
                        new Managed() {
                            @Override
                            public void start() {
                                notices.sync().psubscribe(ServingStore.CHANGES_PATTERN);
                                ticker.scheduleWithFixedDelay(
                                        tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
                            }

                            @Override
                            public void stop() {
                                ticker.shutdownNow();
                                writers.shutdownNow();
                                notices.close();
                                connection.close();
                                redis.shutdown();
                            }
                        });
        environment.metrics().gauge("live.clients", () -> hub::clients);
        environment
                .healthChecks()
                .register(
                        "serving-store",
                        new com.codahale.metrics.health.HealthCheck() {
                            @Override
                            protected Result check() {
                                String pong = connection.sync().ping();
                                return "PONG".equals(pong)
                                        ? Result.healthy()
                                        : Result.unhealthy("PING answered " + pong);
                            }
                        });

        environment.jersey().register(new RacesResource(store, Clock.systemUTC()));
        environment.jersey().register(new PageConfigResource(config.getTileUrl()));
        environment.jersey().register(new OpenApiResource());
        if (config.getHistory() != null) {
            registerHistory(config.getHistory(), environment);
        }

        JettyWebSocketServletContainerInitializer.configure(
                environment.getApplicationContext(),
                (servletContext, container) -> {
                    container.setIdleTimeout(Duration.ofMinutes(10));
                    container.setMaxTextMessageSize(4096);
                    container.addMapping(
                            "uri-template|" + LIVE_PATH,
                            (request, response) -> {
                                Matcher m = LIVE_URI.matcher(request.getRequestPath());
                                LiveHub.Subscription subscription =
                                        LiveSocket.subscription(request.getParameterMap());
                                if (!m.matches() || subscription == null) {
                                    response.sendError(
                                            400, "use ?riders=a,b and/or ?top=N (1 to 10000)");
                                    return null;
                                }
                                String raceId = m.group(1);
                                if (store.definition(raceId).isEmpty()
                                        && store.standings(raceId).isEmpty()) {
                                    response.sendError(404, "no race " + raceId);
                                    return null;
                                }
                                return new LiveSocket(hub, raceId, subscription);
                            });
                });
    }
}
