package dev.breakaway.platform;

import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Renders standings as a terminal table: position, rider, distance, gap, speed, to go. */
final class StandingsPrinter {

    private StandingsPrinter() {}

    static String render(String title, Standings standings, Instant start, int top, String footer) {
        StringBuilder out = new StringBuilder();
        out.append(title).append('\n');
        if (standings == null) {
            return out.append("waiting for the first standings...\n").append(footer).toString();
        }
        long finished =
                standings.riders().stream().filter(e -> e.status() == RiderStatus.FINISHED).count();
        out.append(
                String.format(
                        Locale.ROOT,
                        "race time %s   course %.1f km   finished %d/%d%n%n",
                        clock(Duration.between(start, standings.asOf())),
                        standings.totalMeters() / 1000,
                        finished,
                        standings.riders().size()));
        out.append(
                String.format(
                        Locale.ROOT,
                        "%4s  %-12s %9s %10s %9s %10s  %s%n",
                        "pos",
                        "rider",
                        "km",
                        "gap",
                        "km/h",
                        "to go",
                        "status"));
        for (StandingsEntry e :
                standings.riders().subList(0, Math.min(top, standings.riders().size()))) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%4d  %-12s %9.2f %10s %9.1f %9.2fk  %s%n",
                            e.position(),
                            e.name() == null ? e.riderId() : e.name(),
                            e.distanceMeters() / 1000,
                            e.gapSeconds() == null
                                    ? "-"
                                    : (e.gapSeconds() < 0.5
                                            ? "0"
                                            : "+"
                                                    + clock(
                                                            Duration.ofMillis(
                                                                    Math.round(
                                                                            e.gapSeconds()
                                                                                    * 1000)))),
                            e.speedMps() * 3.6,
                            e.distanceToGoMeters() / 1000,
                            e.status()));
        }
        return out.append('\n').append(footer).toString();
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
