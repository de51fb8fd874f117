package dev.breakaway.replay;

import dev.breakaway.flink.tracker.TrackerJob;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** An in-process Flink MiniCluster for the tool, listening on loopback only. */
public final class LocalFlink {

    private LocalFlink() {}

    public static StreamExecutionEnvironment environment(
            int parallelism, Duration checkpointInterval) {
        Configuration config = TrackerJob.baseConfiguration(checkpointInterval);
        // REST, RPC and the blob server on loopback: a local run opens nothing to the network.
        config.setString("rest.bind-address", "127.0.0.1");
        config.setString("rest.address", "127.0.0.1");
        config.setString("jobmanager.bind-host", "127.0.0.1");
        config.setString("jobmanager.rpc.address", "127.0.0.1");
        config.setString("taskmanager.bind-host", "127.0.0.1");
        config.setString("taskmanager.host", "127.0.0.1");
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
    }
}
