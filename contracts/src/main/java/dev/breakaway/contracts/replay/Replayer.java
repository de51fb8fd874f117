package dev.breakaway.contracts.replay;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Sends a race's fixes in their delivery order at N times real time: each fix is due when the race
 * clock (the latest fix time seen so far, so a fix delivered late goes out right after the one it
 * followed) reaches it, scaled by the speed-up. Fixes due together go out as one {@link
 * FixSink#send}; a send that takes longer than its share of time is caught up on (the replay never
 * drops fixes to keep pace).
 */
public final class Replayer {

    private final FixSink sink;
    private final double speedup;
    private final Duration tick;

    /**
     * @param speedup race seconds per wall-clock second; 0 (or less) for as fast as possible
     * @param tick how often due fixes are sent
     */
    public Replayer(FixSink sink, double speedup, Duration tick) {
        this.sink = sink;
        this.speedup = speedup;
        this.tick = tick;
    }

    /**
     * Replays fixes in the given (delivery) order, starting the race clock at {@code raceStart};
     * {@code onSent} hears the running total.
     *
     * <p>Paced (a speed-up above 0), a race dated ahead of the wall clock (moved there by {@link
     * #startFor}) is not begun before its time: the replay waits until its last fix would go out at
     * its own time, so at 1x every fix goes out when it was taken, as from a phone, and faster none
     * goes out before it (the tracker reads a phone's clock from when its fixes arrive). A race
     * dated in the past starts at once.
     */
    public void replay(List<GpsFix> fixes, Instant raceStart, LongConsumer onSent)
            throws Exception {
        if (speedup > 0) {
            Duration early = Duration.between(Instant.now(), dueOnTheWallClock(fixes, raceStart));
            if (early.toNanos() > 0) {
                TimeUnit.NANOSECONDS.sleep(early.toNanos());
            }
        }
        long wallStart = System.nanoTime();
        long tickNanos = tick.toNanos();
        Instant clock = raceStart;
        List<GpsFix> due = new ArrayList<>();
        long sent = 0;
        int i = 0;
        while (i < fixes.size()) {
            long now = System.nanoTime();
            long horizon = now + tickNanos;
            while (i < fixes.size()) {
                GpsFix next = fixes.get(i);
                Instant at = next.timestamp().isAfter(clock) ? next.timestamp() : clock;
                if (speedup > 0
                        && wallStart
                                        + Math.round(
                                                Duration.between(raceStart, at).toNanos() / speedup)
                                > horizon) {
                    break;
                }
                clock = at;
                due.add(next);
                i++;
                if (speedup <= 0 && due.size() >= 500) {
                    break;
                }
            }
            if (!due.isEmpty()) {
                sink.send(due);
                sent += due.size();
                onSent.accept(sent);
                due = new ArrayList<>();
            }
            long wait = horizon - System.nanoTime();
            if (speedup > 0 && wait > 0 && i < fixes.size()) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the replay against the wall clock
            }
        }
    }

    /**
     * The race moved in time so that it starts at {@code newStart}: its start, its riders' starts,
     * every fix; a new version (so the tracker takes it over an earlier publication).
     */
    public static Shifted shift(RaceDefinition race, List<GpsFix> fixes, Instant newStart) {
        Duration by = Duration.between(race.startTime(), newStart);
        List<RaceRider> riders =
                race.riders().stream()
                        .map(
                                r ->
                                        new RaceRider(
                                                r.riderId(),
                                                r.bib(),
                                                r.name(),
                                                r.startTime() == null
                                                        ? null
                                                        : r.startTime().plus(by),
                                                r.abandonedAt() == null
                                                        ? null
                                                        : r.abandonedAt().plus(by),
                                                r.penaltySeconds()))
                        .toList();
        RaceDefinition moved =
                new RaceDefinition(
                        race.raceId(),
                        race.name(),
                        race.format(),
                        race.laps(),
                        newStart,
                        race.checkpoints(),
                        riders,
                        race.course(),
                        Math.max(race.version() + 1, newStart.toEpochMilli()),
                        race.climbs(),
                        race.neutralisations().stream()
                                .map(
                                        n ->
                                                new Neutralisation(
                                                        n.from().plus(by),
                                                        n.until() == null
                                                                ? null
                                                                : n.until().plus(by)))
                                .toList());
        List<GpsFix> movedFixes = fixes.stream().map(f -> f.replayed(f.raceId(), by)).toList();
        return new Shifted(moved, movedFixes);
    }

    /**
     * Where a replay at {@code speedup} puts the race so that no fix is ever dated ahead of the
     * wall clock (ingest-api refuses fixes from the future): at 1x it starts after {@code lead};
     * faster, it starts that much earlier that its last fix is due about when it is sent (earlier
     * fixes arrive with their own, past, times, as from a phone catching up; ingest marks those
     * more than a minute old {@code late}); as fast as possible, it has just ended.
     */
    public static Instant startFor(
            RaceDefinition race, List<GpsFix> fixes, double speedup, Instant now, Duration lead) {
        Instant last = race.startTime();
        for (GpsFix f : fixes) {
            last = f.timestamp().isAfter(last) ? f.timestamp() : last;
        }
        Duration length = Duration.between(race.startTime(), last);
        if (speedup <= 0) {
            return now.minus(length);
        }
        double ahead = length.toNanos() * Math.max(0, 1 - 1 / speedup);
        return now.plus(lead).minusNanos(Math.round(ahead));
    }

    /**
     * The wall-clock instant at which a paced replay's race clock should start, so that its last
     * fix goes out at its own time and no fix before its own (slower than real time: the first at
     * its own time).
     */
    Instant dueOnTheWallClock(List<GpsFix> fixes, Instant raceStart) {
        Instant last = raceStart;
        for (GpsFix f : fixes) {
            last = f.timestamp().isAfter(last) ? f.timestamp() : last;
        }
        Instant due =
                last.minusNanos(Math.round(Duration.between(raceStart, last).toNanos() / speedup));
        return due.isAfter(raceStart) ? due : raceStart;
    }

    /** A race and its fixes after {@link #shift}. */
    public record Shifted(RaceDefinition race, List<GpsFix> fixes) {}
}
