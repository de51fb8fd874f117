package dev.breakaway.admin.core;

import dev.breakaway.contracts.files.FixLines;
import dev.breakaway.contracts.replay.FixSink;
import dev.breakaway.contracts.replay.Replayer;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recorded fixes replayed into a live race, an operator's task (a rehearsal before the real race, a
 * race fed again after an outage): a fix-lines file (as phones sent them, in their order) whose
 * riders are registered in the race, moved in time so that the recording starts at the race's
 * start, sent onto the fixes stream at N times real time ({@link Replayer}) in the background. One
 * replay a race at a time; each is audited.
 */
public final class RaceReplays implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaceReplays.class);

    /** What a replay will send. */
    public record Started(
            String raceId, int fixes, int riders, int leftOut, Duration shiftedBy, double speed) {}

    /** A replay under way: how many fixes it has sent. */
    private record Running(Future<?> task, AtomicLong sent, int fixes) {}

    private final RaceAdministration admin;
    private final Supplier<FixSink> sinks;
    private final ExecutorService executor =
            Executors.newCachedThreadPool(
                    task -> {
                        Thread t = new Thread(task, "race-replay");
                        t.setDaemon(true);
                        return t;
                    });
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    /**
     * @param sinks a new sink onto the fixes stream for each replay (closed when it ends)
     */
    public RaceReplays(RaceAdministration admin, Supplier<FixSink> sinks) {
        this.admin = admin;
        this.sinks = sinks;
    }

    /**
     * Starts replaying {@code file} into the live race {@code raceId}.
     *
     * @param recordedStart the moment of the recording that the race's start stands for; {@code
     *     null}: its first fix
     * @param speed race seconds per second of the wall clock; 0 for as fast as possible
     */
    public Started start(
            String raceId, Path file, Instant recordedStart, double speed, String actor) {
        if (!(speed >= 0)) {
            throw AdminException.invalid("BAD_SPEED", "speed must be 0 (no pacing) or more");
        }
        if (!Files.isReadable(file)) {
            throw AdminException.invalid("NO_FILE", "cannot read " + file);
        }
        List<GpsFix> recorded = FixLines.read(file);
        RaceDefinition race = admin.definition(raceId);
        Set<String> racing = new HashSet<>();
        for (RaceRider r : race.riders()) {
            if (!r.abandoned()) {
                racing.add(r.riderId());
            }
        }
        List<GpsFix> kept = new ArrayList<>();
        for (GpsFix f : recorded) {
            if (racing.contains(f.riderId())) {
                kept.add(f);
            }
        }
        if (kept.isEmpty()) {
            throw AdminException.invalid(
                    "NO_FIXES", file + " holds no fix of a rider registered in race " + raceId);
        }
        Instant from = recordedStart;
        if (from == null) {
            from = kept.stream().map(GpsFix::timestamp).min(Instant::compareTo).orElseThrow();
        }
        Duration by = Duration.between(from, race.startTime());
        List<GpsFix> fixes = new ArrayList<>(kept.size());
        Set<String> riders = new HashSet<>();
        for (GpsFix f : kept) {
            fixes.add(f.replayed(raceId, by));
            riders.add(f.riderId());
        }
        Started started =
                new Started(
                        raceId,
                        fixes.size(),
                        riders.size(),
                        recorded.size() - kept.size(),
                        by,
                        speed);
        synchronized (running) {
            Running before = running.get(raceId);
            if (before != null && !before.task().isDone()) {
                throw AdminException.conflict(
                        "REPLAYING",
                        "race "
                                + raceId
                                + " is being replayed ("
                                + before.sent().get()
                                + " of "
                                + before.fixes()
                                + " fixes sent): cancel it first");
            }
            Map<String, Object> what = new LinkedHashMap<>();
            what.put("file", file.toString());
            what.put("fixes", started.fixes());
            what.put("riders", started.riders());
            what.put("leftOut", started.leftOut());
            what.put("shiftedBySeconds", by.toSeconds());
            what.put("speed", speed);
            admin.replaying(raceId, actor, what);
            AtomicLong sent = new AtomicLong();
            Instant clockStart = race.startTime();
            Future<?> task =
                    executor.submit(
                            () -> {
                                try (FixSink sink = sinks.get()) {
                                    new Replayer(sink, speed, Duration.ofMillis(200))
                                            .replay(fixes, clockStart, sent::set);
                                    LOG.info("replay into race {}: {}", raceId, sink.summary());
                                } catch (InterruptedException e) {
                                    LOG.info(
                                            "replay into race {} cancelled after {} fixes",
                                            raceId,
                                            sent.get());
                                    Thread.currentThread().interrupt();
                                } catch (Exception e) {
                                    LOG.error(
                                            "replay into race {} failed after {} fixes",
                                            raceId,
                                            sent.get(),
                                            e);
                                }
                                return null;
                            });
            running.put(raceId, new Running(task, sent, fixes.size()));
        }
        return started;
    }

    /** Stops the race's replay; returns the fixes it had sent, or -1 if none was running. */
    public long cancel(String raceId) {
        Running r = running.get(raceId);
        if (r == null || r.task().isDone()) {
            return -1;
        }
        r.task().cancel(true);
        return r.sent().get();
    }

    /** Fixes sent by the race's latest replay, and whether it is still under way. */
    public String status(String raceId) {
        Running r = running.get(raceId);
        if (r == null) {
            return "no replay into race " + raceId;
        }
        return (r.task().isDone() ? "done: " : "under way: ")
                + r.sent().get()
                + " of "
                + r.fixes()
                + " fixes sent into race "
                + raceId;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
