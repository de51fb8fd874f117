package dev.breakaway.admin.tasks;

import dev.breakaway.admin.core.AdminException;
import dev.breakaway.admin.core.RaceAdministration;
import dev.breakaway.core.model.RaceDefinition;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/republish?race=<raceId>} on the admin port: publishes a live race's definition
 * again (a tracker started on an empty state, a stream trimmed). Same version: the tracker keeps
 * what it has if it has it.
 */
public class RepublishTask extends Task {

    private final RaceAdministration admin;

    public RepublishTask(RaceAdministration admin) {
        super("republish");
        this.admin = admin;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        List<String> races = parameters.getOrDefault("race", List.of());
        if (races.isEmpty()) {
            output.println("give the race: ?race=<raceId>");
            return;
        }
        for (String raceId : races) {
            try {
                RaceDefinition d = admin.republish(raceId, "operator");
                output.println(
                        "published " + raceId + " version " + d.version() + " on race-control");
            } catch (AdminException e) {
                output.println(raceId + ": " + e.getMessage());
            }
        }
    }
}
