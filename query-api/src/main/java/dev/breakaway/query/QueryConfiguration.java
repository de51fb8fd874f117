package dev.breakaway.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.breakaway.identity.dropwizard.OidcFactory;
import dev.breakaway.query.history.HistoryConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * query-api's configuration: the serving store, the live push cadence, the live page, the race
 * history.
 */
public class QueryConfiguration extends Configuration {

    /** The serving store, e.g. {@code redis://127.0.0.1:6379} ({@code rediss://} with TLS). */
    @NotEmpty private String redisUri = "redis://127.0.0.1:6379";

    /** At most one frame per spectator per this interval. */
    @NotNull private Duration minPushInterval = Duration.seconds(1);

    /** How often the hub looks for what to push. */
    @NotNull private Duration pushTick = Duration.milliseconds(100);

    @Min(0)
    @Max(200)
    private int eventsPerFrame = 20;

    /**
     * Optional map tiles for the live page, e.g. {@code https://tile.example.org/{z}/{x}/{y}.png};
     * without it the page draws the course on a plain background (works with no network).
     */
    private String tileUrl;

    /** The race history (Trino); without it the history endpoints are not served. */
    @Valid private HistoryConfiguration history;

    /**
     * The OIDC issuer whose tokens the analysts' endpoints take; without it those endpoints refuse
     * everyone (403), the live ones stay open.
     */
    @Valid private OidcFactory oidc;

    @JsonProperty
    public OidcFactory getOidc() {
        return oidc;
    }

    @JsonProperty
    public void setOidc(OidcFactory oidc) {
        this.oidc = oidc;
    }

    @JsonProperty
    public String getRedisUri() {
        return redisUri;
    }

    @JsonProperty
    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    @JsonProperty
    public Duration getMinPushInterval() {
        return minPushInterval;
    }

    @JsonProperty
    public void setMinPushInterval(Duration minPushInterval) {
        this.minPushInterval = minPushInterval;
    }

    @JsonProperty
    public Duration getPushTick() {
        return pushTick;
    }

    @JsonProperty
    public void setPushTick(Duration pushTick) {
        this.pushTick = pushTick;
    }

    @JsonProperty
    public int getEventsPerFrame() {
        return eventsPerFrame;
    }

    @JsonProperty
    public void setEventsPerFrame(int eventsPerFrame) {
        this.eventsPerFrame = eventsPerFrame;
    }

    @JsonProperty
    public HistoryConfiguration getHistory() {
        return history;
    }

    @JsonProperty
    public void setHistory(HistoryConfiguration history) {
        this.history = history;
    }

    @JsonProperty
    public String getTileUrl() {
        return tileUrl;
    }

    @JsonProperty
    public void setTileUrl(String tileUrl) {
        this.tileUrl = tileUrl;
    }
}
