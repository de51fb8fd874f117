package dev.breakaway.flink.kinesis;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.flink.serde.GpsFixDeserializationSchema;
import dev.breakaway.flink.serde.RaceControlDeserializationSchema;
import dev.breakaway.flink.tracker.EncodedRaceUpdate;
import dev.breakaway.flink.tracker.RaceControlMessage;
import java.io.Serializable;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;

/**
 * Where the streams are and how to reach them. In AWS, {@code endpoint} is {@code null} and
 * credentials come from the default provider chain (the task role); locally, the emulator's
 * plain-HTTP endpoint and dummy static keys.
 */
public record KinesisSettings(
        String endpoint,
        String region,
        String accountId,
        String accessKeyId,
        String secretAccessKey,
        long shardDiscoveryIntervalMs)
        implements Serializable {

    public static KinesisSettings local(String endpoint) {
        return new KinesisSettings(endpoint, "us-east-1", "000000000000", "local", "local", 1_000);
    }

    public String streamArn(String stream) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + stream;
    }

    private Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty("aws.region", region);
        if (endpoint != null) {
            p.setProperty("aws.endpoint", endpoint);
        }
        if (accessKeyId != null) {
            p.setProperty("aws.credentials.provider", "BASIC");
            p.setProperty("aws.credentials.provider.basic.accesskeyid", accessKeyId);
            p.setProperty("aws.credentials.provider.basic.secretkey", secretAccessKey);
        } else {
            p.setProperty("aws.credentials.provider", "AUTO");
        }
        return p;
    }

    private Configuration sourceConfig() {
        Configuration config = new Configuration();
        clientProperties().forEach((k, v) -> config.setString((String) k, (String) v));
        config.set(
                KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                InitialPosition.TRIM_HORIZON);
        config.set(
                KinesisStreamsSourceConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                shardDiscoveryIntervalMs);
        return config;
    }

    public KinesisStreamsSource<GpsFix> fixSource(String stream) {
        return KinesisStreamsSource.<GpsFix>builder()
                .setStreamArn(streamArn(stream))
                .setSourceConfig(sourceConfig())
                .setDeserializationSchema(new GpsFixDeserializationSchema())
                .build();
    }

    public KinesisStreamsSource<RaceControlMessage> controlSource(String stream) {
        return KinesisStreamsSource.<RaceControlMessage>builder()
                .setStreamArn(streamArn(stream))
                .setSourceConfig(sourceConfig())
                .setDeserializationSchema(new RaceControlDeserializationSchema())
                .build();
    }

    /**
     * Race updates, partitioned by race so that each race's updates stay in order. At-least-once:
     * readers drop repeats by id. Partial batches leave after 200 ms, not the default 5 s.
     */
    public KinesisStreamsSink<EncodedRaceUpdate> updatesSink(String stream) {
        return KinesisStreamsSink.<EncodedRaceUpdate>builder()
                .setStreamArn(streamArn(stream))
                .setKinesisClientProperties(clientProperties())
                .setSerializationSchema(EncodedRaceUpdate::json)
                .setPartitionKeyGenerator(EncodedRaceUpdate::raceId)
                .setMaxTimeInBufferMS(200)
                .setFailOnError(false)
                .build();
    }
}
