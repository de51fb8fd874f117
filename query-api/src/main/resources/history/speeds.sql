-- Each rider's average speed (distance along the course over time since the rider's own start, at
-- the last fix before the finish) and top speed (the fastest 10 s of the ride: the most course
-- covered in any 10 s window, over windows spanning at least 5 s of fixes). From accepted fixes.
-- ?1 race id, ?2 race id
WITH race AS (
    SELECT start_time FROM races WHERE race_id = ? ORDER BY version DESC LIMIT 1
),
f AS (
    SELECT m.rider_id, m.ts, m.race_distance_m, coalesce(k.start_time, race.start_time) AS rider_start
    FROM matched_fixes m
    CROSS JOIN race
    LEFT JOIN riders k ON k.race_id = m.race_id AND k.rider_id = m.rider_id
    WHERE m.race_id = ? AND m.verdict = 'ACCEPTED' AND m.race_distance_m IS NOT NULL
      AND NOT m.finished
),
w AS (
    SELECT rider_id, ts, race_distance_m, rider_start,
           min(ts) OVER ten AS window_start,
           min(race_distance_m) OVER ten AS window_start_m
    FROM f
    WINDOW ten AS (PARTITION BY rider_id ORDER BY ts
                   RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW)
),
per_rider AS (
    SELECT rider_id,
           max_by(race_distance_m, ts) AS distance_m,
           date_diff('millisecond', max(rider_start), max(ts)) / 1000.0 AS riding_s,
           max(CASE WHEN date_diff('millisecond', window_start, ts) >= 5000
                    THEN (race_distance_m - window_start_m) * 1000.0
                         / date_diff('millisecond', window_start, ts) END) AS top_mps
    FROM w
    WHERE ts > rider_start
    GROUP BY rider_id
)
SELECT rider_id, distance_m, riding_s, distance_m / nullif(riding_s, 0) AS average_mps, top_mps
FROM per_rider
ORDER BY average_mps DESC NULLS LAST, rider_id
