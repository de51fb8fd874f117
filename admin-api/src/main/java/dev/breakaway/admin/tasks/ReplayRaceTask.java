package dev.breakaway.admin.tasks;

import dev.breakaway.admin.core.AdminException;
import dev.breakaway.admin.core.RaceReplays;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/replay-race?race=<raceId>&fixes=<fix-lines file>[&speed=<x>][&from=<instant>]}
 * on the admin port: replays recorded fixes into a live race ({@link RaceReplays}); {@code
 * &cancel=true} stops it, {@code &status=true} tells how far it is.
 */
public class ReplayRaceTask extends Task {

    private final RaceReplays replays;

    public ReplayRaceTask(RaceReplays replays) {
        super("replay-race");
        this.replays = replays;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        String race = first(parameters, "race");
        if (race == null) {
            output.println(
                    "give the race and the file: ?race=<raceId>&fixes=<path>[&speed=<x>]"
                            + "[&from=<recorded instant of the start>], or &cancel=true,"
                            + " &status=true");
            return;
        }
        if ("true".equals(first(parameters, "cancel"))) {
            long sent = replays.cancel(race);
            output.println(
                    sent < 0
                            ? "no replay under way into race " + race
                            : "replay into race " + race + " cancelled after " + sent + " fixes");
            return;
        }
        if ("true".equals(first(parameters, "status"))) {
            output.println(replays.status(race));
            return;
        }
        String file = first(parameters, "fixes");
        if (file == null) {
            output.println("give the fix-lines file: &fixes=<path>");
            return;
        }
        try {
            String speed = first(parameters, "speed");
            String from = first(parameters, "from");
            RaceReplays.Started s =
                    replays.start(
                            race,
                            Path.of(file),
                            from == null ? null : Instant.parse(from),
                            speed == null ? 1 : Double.parseDouble(speed),
                            "operator");
            output.println(
                    "replaying "
                            + s.fixes()
                            + " fixes of "
                            + s.riders()
                            + " riders into race "
                            + race
                            + " at "
                            + (s.speed() == 0 ? "full speed" : s.speed() + "x")
                            + ", moved by "
                            + s.shiftedBy()
                            + (s.leftOut() > 0
                                    ? "; "
                                            + s.leftOut()
                                            + " fixes of riders not in the race left out"
                                    : ""));
        } catch (AdminException e) {
            output.println(race + ": " + e.reason() + ": " + e.getMessage());
        } catch (NumberFormatException | DateTimeParseException e) {
            output.println(race + ": " + e.getMessage());
        } catch (RuntimeException e) {
            output.println(race + ": cannot replay " + file + ": " + e.getMessage());
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
