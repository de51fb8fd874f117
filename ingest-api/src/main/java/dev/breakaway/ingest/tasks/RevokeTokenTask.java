package dev.breakaway.ingest.tasks;

import dev.breakaway.ingest.core.DeviceRegistry;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /tasks/revoke-device-token?tokenSha256=<hash>} on the admin port: the device's next
 * request is refused. Until the admin API keeps grants in a database, a revocation lasts until the
 * process restarts, so revoke in the configuration too.
 */
public class RevokeTokenTask extends Task {

    private final DeviceRegistry devices;

    public RevokeTokenTask(DeviceRegistry devices) {
        super("revoke-device-token");
        this.devices = Objects.requireNonNull(devices, "devices is null");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        List<String> hashes = parameters.getOrDefault("tokenSha256", List.of());
        if (hashes.isEmpty()) {
            output.println("give tokenSha256=<hash>");
            return;
        }
        for (String hash : hashes) {
            output.println(hash + (devices.revoke(hash) ? " revoked" : " not known"));
        }
    }
}
