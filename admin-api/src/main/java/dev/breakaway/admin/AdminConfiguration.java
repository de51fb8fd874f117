package dev.breakaway.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.breakaway.contracts.Streams;
import dev.breakaway.identity.dropwizard.OidcFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * admin-api's configuration: its database, the OIDC issuer whose tokens it accepts, where race
 * definitions go, where devices send fixes, and what the admin page signs in with.
 */
public class AdminConfiguration extends Configuration {

    @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();

    @Valid @NotNull private OidcFactory oidc = new OidcFactory();

    @Valid @NotNull private RaceControlFactory raceControl = new RaceControlFactory();

    @Valid @NotNull private Onboarding onboarding = new Onboarding();

    @Valid @NotNull private Page page = new Page();

    @Valid @NotNull private Replay replay = new Replay();

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    @JsonProperty
    public OidcFactory getOidc() {
        return oidc;
    }

    @JsonProperty
    public void setOidc(OidcFactory oidc) {
        this.oidc = oidc;
    }

    @JsonProperty
    public RaceControlFactory getRaceControl() {
        return raceControl;
    }

    @JsonProperty
    public void setRaceControl(RaceControlFactory raceControl) {
        this.raceControl = raceControl;
    }

    @JsonProperty
    public Onboarding getOnboarding() {
        return onboarding;
    }

    @JsonProperty
    public void setOnboarding(Onboarding onboarding) {
        this.onboarding = onboarding;
    }

    @JsonProperty
    public Page getPage() {
        return page;
    }

    @JsonProperty
    public void setPage(Page page) {
        this.page = page;
    }

    @JsonProperty
    public Replay getReplay() {
        return replay;
    }

    @JsonProperty
    public void setReplay(Replay replay) {
        this.replay = replay;
    }

    /**
     * Where the operator's replay task sends fixes: the fixes stream the tracker reads, through the
     * race-control client (same account and region).
     */
    public static class Replay {
        @NotEmpty private String streamName = Streams.GPS_FIXES;

        @JsonProperty
        public String getStreamName() {
            return streamName;
        }

        @JsonProperty
        public void setStreamName(String streamName) {
            this.streamName = streamName;
        }
    }

    /** Where devices are sent: ingest-api's public URL, and the Traccar Client interval. */
    public static class Onboarding {
        @NotEmpty private String ingestBaseUrl = "http://127.0.0.1:8080";

        @Min(1)
        private int traccarFrequencySeconds = 1;

        @JsonProperty
        public String getIngestBaseUrl() {
            return ingestBaseUrl;
        }

        @JsonProperty
        public void setIngestBaseUrl(String ingestBaseUrl) {
            this.ingestBaseUrl = ingestBaseUrl;
        }

        @JsonProperty
        public int getTraccarFrequencySeconds() {
            return traccarFrequencySeconds;
        }

        @JsonProperty
        public void setTraccarFrequencySeconds(int traccarFrequencySeconds) {
            this.traccarFrequencySeconds = traccarFrequencySeconds;
        }
    }

    /**
     * The admin page's sign-in: the issuer's authorization and token endpoints and the page's
     * client id (authorization code with PKCE, no client secret).
     */
    public static class Page {
        @NotEmpty
        private String authorizationEndpoint = "http://127.0.0.1:8090/breakaway/authorize";

        @NotEmpty private String tokenEndpoint = "http://127.0.0.1:8090/breakaway/token";
        @NotEmpty private String clientId = "breakaway";

        @JsonProperty
        public String getAuthorizationEndpoint() {
            return authorizationEndpoint;
        }

        @JsonProperty
        public void setAuthorizationEndpoint(String authorizationEndpoint) {
            this.authorizationEndpoint = authorizationEndpoint;
        }

        @JsonProperty
        public String getTokenEndpoint() {
            return tokenEndpoint;
        }

        @JsonProperty
        public void setTokenEndpoint(String tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
        }

        @JsonProperty
        public String getClientId() {
            return clientId;
        }

        @JsonProperty
        public void setClientId(String clientId) {
            this.clientId = clientId;
        }
    }
}
