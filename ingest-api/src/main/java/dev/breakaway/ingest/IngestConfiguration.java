package dev.breakaway.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.breakaway.ingest.core.DeviceGrant;
import dev.breakaway.ingest.core.IngestLimits;
import dev.breakaway.ingest.core.RaceWindow;
import dev.breakaway.ingest.db.DeviceStoreFactory;
import dev.breakaway.ingest.kinesis.KinesisFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * ingest-api's configuration: Dropwizard's server and logging, plus where fixes go ({@code
 * kinesis}), the request limits, and (until the admin API manages them) the races and device
 * grants.
 */
public class IngestConfiguration extends Configuration {

    /**
     * The access log's line: the request's path without its query string, and no header that
     * carries a credential. The OsmAnd protocol puts the device's secret in the query ({@code
     * id=...}); Dropwizard's default line ({@code "%r"}) would write it to the log.
     */
    public static final String ACCESS_LOG_FORMAT =
            "%h %l %u [%t{dd/MMM/yyyy:HH:mm:ss Z,UTC}] \"%m %U %H\" %s %b \"%i{User-Agent}\" %D";

    /**
     * Gives every request-log appender of the configuration the {@link #ACCESS_LOG_FORMAT} unless
     * it has a format of its own. The application calls it on every configuration it reads (file or
     * not, {@code server:} section or not), before the server is built; a server section set in
     * code gets it from {@link #setServerFactory}. Without logback on the class path (a tool that
     * only writes this configuration) there is no request log to mask.
     */
    public static void maskRequestLog(Configuration config) {
        try {
            maskAppenders(config);
        } catch (LinkageError noLogback) {
            // nothing to mask where there is no logging back end
        }
    }

    private static void maskAppenders(Configuration config) {
        if (config.getServerFactory() instanceof io.dropwizard.core.server.AbstractServerFactory f
                && f.getRequestLogFactory()
                        instanceof io.dropwizard.request.logging.LogbackAccessRequestLogFactory r) {
            for (var appender : r.getAppenders()) {
                if (appender instanceof io.dropwizard.logging.common.AbstractAppenderFactory<?> a
                        && a.getLogFormat() == null) {
                    a.setLogFormat(ACCESS_LOG_FORMAT);
                }
            }
        }
    }

    @Valid @NotNull private KinesisFactory kinesis = new KinesisFactory();

    @Valid @NotNull private Limits limits = new Limits();

    @Valid @NotNull private List<Race> races = new ArrayList<>();

    @Valid @NotNull private List<Device> devices = new ArrayList<>();

    @Valid private DeviceStoreFactory deviceStore;

    /** The admin database's grants and races, or null for {@code races} and {@code devices}. */
    @JsonProperty
    public DeviceStoreFactory getDeviceStore() {
        return deviceStore;
    }

    @JsonProperty
    public void setDeviceStore(DeviceStoreFactory deviceStore) {
        this.deviceStore = deviceStore;
    }

    @JsonProperty
    public KinesisFactory getKinesis() {
        return kinesis;
    }

    @JsonProperty
    public void setKinesis(KinesisFactory kinesis) {
        this.kinesis = kinesis;
    }

    @JsonProperty
    public Limits getLimits() {
        return limits;
    }

    @JsonProperty
    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    @JsonProperty
    public List<Race> getRaces() {
        return races;
    }

    @JsonProperty
    public void setRaces(List<Race> races) {
        this.races = races;
    }

    @JsonProperty
    public List<Device> getDevices() {
        return devices;
    }

    @JsonProperty
    public void setDevices(List<Device> devices) {
        this.devices = devices;
    }

    /** Request limits and the per-device rate limit. */
    public static class Limits {
        @Min(1)
        private int maxFixesPerBatch = 1_000;

        @NotNull private DataSize maxBodySize = DataSize.mebibytes(1);

        @NotNull private DataSize maxInflatedSize = DataSize.mebibytes(8);

        @NotNull private Duration futureTolerance = Duration.seconds(30);

        @NotNull private Duration lateAfter = Duration.minutes(1);

        @Positive private double requestsPerSecond = 5;

        @Min(1)
        private int requestBurst = 20;

        @JsonProperty
        public int getMaxFixesPerBatch() {
            return maxFixesPerBatch;
        }

        @JsonProperty
        public void setMaxFixesPerBatch(int maxFixesPerBatch) {
            this.maxFixesPerBatch = maxFixesPerBatch;
        }

        @JsonProperty
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        @JsonProperty
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        @JsonProperty
        public DataSize getMaxInflatedSize() {
            return maxInflatedSize;
        }

        @JsonProperty
        public void setMaxInflatedSize(DataSize maxInflatedSize) {
            this.maxInflatedSize = maxInflatedSize;
        }

        @JsonProperty
        public Duration getFutureTolerance() {
            return futureTolerance;
        }

        @JsonProperty
        public void setFutureTolerance(Duration futureTolerance) {
            this.futureTolerance = futureTolerance;
        }

        @JsonProperty
        public Duration getLateAfter() {
            return lateAfter;
        }

        @JsonProperty
        public void setLateAfter(Duration lateAfter) {
            this.lateAfter = lateAfter;
        }

        @JsonProperty
        public double getRequestsPerSecond() {
            return requestsPerSecond;
        }

        @JsonProperty
        public void setRequestsPerSecond(double requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
        }

        @JsonProperty
        public int getRequestBurst() {
            return requestBurst;
        }

        @JsonProperty
        public void setRequestBurst(int requestBurst) {
            this.requestBurst = requestBurst;
        }

        public IngestLimits toLimits() {
            return new IngestLimits(
                    maxFixesPerBatch,
                    maxBodySize.toBytes(),
                    maxInflatedSize.toBytes(),
                    futureTolerance.toJavaDuration(),
                    lateAfter.toJavaDuration());
        }
    }

    /** A race that takes fixes, and when. */
    public static class Race {
        @NotNull private String raceId;
        @NotNull private Instant acceptFixesFrom;
        @NotNull private Instant acceptFixesUntil;

        @JsonProperty
        public String getRaceId() {
            return raceId;
        }

        @JsonProperty
        public void setRaceId(String raceId) {
            this.raceId = raceId;
        }

        @JsonProperty
        public Instant getAcceptFixesFrom() {
            return acceptFixesFrom;
        }

        @JsonProperty
        public void setAcceptFixesFrom(Instant acceptFixesFrom) {
            this.acceptFixesFrom = acceptFixesFrom;
        }

        @JsonProperty
        public Instant getAcceptFixesUntil() {
            return acceptFixesUntil;
        }

        @JsonProperty
        public void setAcceptFixesUntil(Instant acceptFixesUntil) {
            this.acceptFixesUntil = acceptFixesUntil;
        }

        public RaceWindow toWindow() {
            return new RaceWindow(raceId, acceptFixesFrom, acceptFixesUntil);
        }
    }

    /**
     * A device grant: the SHA-256 of its token (never the token itself), its rider and race. {@code
     * ingest-api issue-token} makes a token and prints this entry.
     */
    public static class Device {
        @NotNull private String tokenSha256;
        @NotNull private String raceId;
        @NotNull private String riderId;
        private boolean revoked;

        @JsonProperty
        public String getTokenSha256() {
            return tokenSha256;
        }

        @JsonProperty
        public void setTokenSha256(String tokenSha256) {
            this.tokenSha256 = tokenSha256;
        }

        @JsonProperty
        public String getRaceId() {
            return raceId;
        }

        @JsonProperty
        public void setRaceId(String raceId) {
            this.raceId = raceId;
        }

        @JsonProperty
        public String getRiderId() {
            return riderId;
        }

        @JsonProperty
        public void setRiderId(String riderId) {
            this.riderId = riderId;
        }

        @JsonProperty
        public boolean isRevoked() {
            return revoked;
        }

        @JsonProperty
        public void setRevoked(boolean revoked) {
            this.revoked = revoked;
        }

        public DeviceGrant toGrant() {
            return new DeviceGrant(tokenSha256, raceId, riderId, revoked);
        }
    }
}
