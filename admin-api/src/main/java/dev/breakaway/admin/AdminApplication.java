package dev.breakaway.admin;

import dev.breakaway.admin.core.CourseValidator;
import dev.breakaway.admin.core.RaceAdministration;
import dev.breakaway.admin.core.RaceReplays;
import dev.breakaway.admin.db.AdminStore;
import dev.breakaway.admin.health.DatabaseHealthCheck;
import dev.breakaway.admin.resources.AdminExceptionMapper;
import dev.breakaway.admin.resources.AuditResource;
import dev.breakaway.admin.resources.DevicesResource;
import dev.breakaway.admin.resources.MeResource;
import dev.breakaway.admin.resources.OpenApiResource;
import dev.breakaway.admin.resources.PageConfigResource;
import dev.breakaway.admin.resources.PeopleResource;
import dev.breakaway.admin.resources.RacesResource;
import dev.breakaway.admin.tasks.ReplayRaceTask;
import dev.breakaway.admin.tasks.RepublishTask;
import dev.breakaway.contracts.replay.KinesisFixSink;
import dev.breakaway.identity.dropwizard.OidcAuth;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * admin-api: organisers and officials manage races, riders and devices ({@code /v1/...}, OIDC roles
 * on every endpoint) and the admin page ({@code /admin/}). Its database schema is migrated with
 * Flyway when it starts.
 */
public class AdminApplication extends Application<AdminConfiguration> {

    public static void main(String[] args) throws Exception {
        new AdminApplication().run(args);
    }

    @Override
    public String getName() {
        return "admin-api";
    }

    @Override
    public void initialize(Bootstrap<AdminConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(
                new SubstitutingSourceProvider(
                        bootstrap.getConfigurationSourceProvider(),
                        new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new AssetsBundle("/admin", "/admin", "index.html", "admin"));
        // times as ISO-8601 text, as every other wire format of the platform
        bootstrap
                .getObjectMapper()
                .disable(
                        com.fasterxml.jackson.databind.SerializationFeature
                                .WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Brings the admin database's schema to the latest version. */
    public static void migrate(DataSourceFactory database) {
        Flyway.configure()
                .dataSource(database.getUrl(), database.getUser(), database.getPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @Override
    public void run(AdminConfiguration config, Environment environment) {
        migrate(config.getDatabase());
        Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), "admin-database");
        KinesisClient kinesis = config.getRaceControl().buildClient();
        environment.lifecycle().manage(new AutoCloseableManager(kinesis));
        RaceAdministration admin =
                new RaceAdministration(
                        new AdminStore(jdbi),
                        config.getRaceControl().buildPublisher(kinesis),
                        new CourseValidator(CourseValidator.Limits.defaults()),
                        new RaceAdministration.Onboarding(
                                config.getOnboarding().getIngestBaseUrl(),
                                config.getOnboarding().getTraccarFrequencySeconds()),
                        Clock.systemUTC());

        OidcAuth.register(environment.jersey(), config.getOidc().buildVerifier());
        environment.jersey().register(new AdminExceptionMapper());
        environment.jersey().register(new RacesResource(admin));
        environment.jersey().register(new PeopleResource(admin));
        environment.jersey().register(new DevicesResource(admin));
        environment.jersey().register(new AuditResource(admin));
        environment.jersey().register(new MeResource());
        environment.jersey().register(new OpenApiResource());
        AdminConfiguration.Page page = config.getPage();
        environment
                .jersey()
                .register(
                        new PageConfigResource(
                                page.getAuthorizationEndpoint(),
                                page.getTokenEndpoint(),
                                page.getClientId()));
        environment.healthChecks().register("database", new DatabaseHealthCheck(jdbi));
        environment.admin().addTask(new RepublishTask(admin));
        RaceReplays replays =
                new RaceReplays(
                        admin,
                        () -> new KinesisFixSink(kinesis, config.getReplay().getStreamName()));
        environment.lifecycle().manage(new AutoCloseableManager(replays));
        environment.admin().addTask(new ReplayRaceTask(replays));
    }
}
