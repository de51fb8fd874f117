package dev.breakaway.contracts.serving;

/**
 * The layout of the live serving store (Redis locally; ElastiCache / MemoryDB in AWS), shared by
 * its one writer (the tracker job) and its readers (query-api). Plain names and scripts, no client
 * library.
 *
 * <p>Every key of a race carries the race in a hash tag ({@code race:{R}:...}) so that a race's
 * keys live in one cluster slot and a script can touch them atomically. Per race:
 *
 * <ul>
 *   <li>{@code race:{R}:definition} (+ {@code :version}): the race definition JSON, course
 *       included; a higher definition version replaces a lower one.
 *   <li>{@code race:{R}:standings} (+ {@code :version}): the newest standings, as the {@code
 *       race-updates} message ({@code {"type": "STANDINGS", "id", "raceId", "version",
 *       "standings"}}); version = event time in epoch ms.
 *   <li>{@code race:{R}:riders}: hash riderId → that rider's line of the newest standings
 *       (position, gap, speed, distance to go, status, last position).
 *   <li>{@code race:{R}:events}: sorted set of the race's recent events (checkpoint passages now;
 *       incidents and overtakes with their issue), score = event time in epoch ms, the newest
 *       {@link #MAX_EVENTS} kept.
 *   <li>channel {@code race:{R}:changes}: a notice {@code {"raceId", "type", "version"}} after each
 *       change. Pub/sub is fire-and-forget: readers that reconnect re-read the keys.
 * </ul>
 *
 * and {@link #RACES}, a sorted set of race ids scored by the wall-clock time of their last write
 * (for "live and recent races"; written outside the scripts, as it lives in another slot).
 *
 * <p>Writes are idempotent and versioned: a script never puts an older or equal version over a
 * newer one, and an event already there is not added or announced again, so replaying updates after
 * a restore changes nothing.
 */
public final class ServingStore {

    private ServingStore() {}

    public static final String RACES = "races";

    public static final int MAX_EVENTS = 1_000;

    /** Update types the store keeps; {@code DEFINITION} is the race definition. */
    public static final String DEFINITION = "DEFINITION";

    public static String definitionKey(String raceId) {
        return prefix(raceId) + "definition";
    }

    public static String standingsKey(String raceId) {
        return prefix(raceId) + "standings";
    }

    public static String ridersKey(String raceId) {
        return prefix(raceId) + "riders";
    }

    public static String eventsKey(String raceId) {
        return prefix(raceId) + "events";
    }

    public static String versionKey(String documentKey) {
        return documentKey + ":version";
    }

    public static String changesChannel(String raceId) {
        return prefix(raceId) + "changes";
    }

    /** The pattern that matches every race's changes channel. */
    public static final String CHANGES_PATTERN = "race:{*}:changes";

    /** The race id of a changes channel, or {@code null} if it is not one. */
    public static String raceOfChannel(String channel) {
        if (!channel.startsWith("race:{") || !channel.endsWith("}:changes")) {
            return null;
        }
        return channel.substring("race:{".length(), channel.length() - "}:changes".length());
    }

    private static String prefix(String raceId) {
        if (raceId.indexOf('{') >= 0 || raceId.indexOf('}') >= 0) {
            throw new IllegalArgumentException("race ids cannot contain braces: " + raceId);
        }
        return "race:{" + raceId + "}:";
    }

    public static String notice(String raceId, String type, long version) {
        return "{\"raceId\":\""
                + raceId.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"type\":\""
                + type
                + "\",\"version\":"
                + version
                + "}";
    }

    /**
     * A versioned document with optional hash fields. KEYS: document, its version key, a hash (may
     * be an unused name). ARGV: version, document, channel, notice, then field, value pairs for the
     * hash. Returns 1 if written, 0 if the store already had this version or a newer one.
     */
    public static final String PUT_VERSIONED =
            """
            local current = tonumber(redis.call('GET', KEYS[2]) or '-1')
            if tonumber(ARGV[1]) <= current then
              return 0
            end
            redis.call('SET', KEYS[2], ARGV[1])
            redis.call('SET', KEYS[1], ARGV[2])
            for i = 5, #ARGV, 2 do
              redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
            end
            redis.call('PUBLISH', ARGV[3], ARGV[4])
            return 1
            """;

    /**
     * Adds an event once. KEYS: the events set. ARGV: score (event time ms), event JSON, channel,
     * notice, how many events to keep. Returns 1 if added, 0 if it was already there.
     */
    public static final String ADD_EVENT =
            """
            local added = redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            if added == 1 then
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[5]) + 1))
              redis.call('PUBLISH', ARGV[3], ARGV[4])
            end
            return added
            """;
}
