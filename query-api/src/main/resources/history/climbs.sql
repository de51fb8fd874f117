-- Each rider's time and VAM (metres climbed per hour) on every categorised climb of the race
-- definition, on every lap: the times at the foot and at the summit interpolated between the two
-- accepted fixes either side, the gain the organiser's. Ranked per climb and lap on time.
-- ?1 race id, ?2 race id
WITH race AS (
    SELECT definition_json, laps, total_m / laps AS lap_m
    FROM races WHERE race_id = ? ORDER BY version DESC LIMIT 1
),
climbs AS (
    SELECT c.id AS climb_id, c.name, c.category, c.gain_m, l.lap,
           (l.lap - 1) * race.lap_m + c.start_m AS foot_m,
           (l.lap - 1) * race.lap_m + c.end_m AS summit_m
    FROM race
    CROSS JOIN UNNEST(CAST(json_extract(race.definition_json, '$.climbs') AS
        array(row(id varchar, name varchar, category varchar,
                  startMeters double, endMeters double, gainMeters double))))
        AS c(id, name, category, start_m, end_m, gain_m)
    CROSS JOIN UNNEST(sequence(1, race.laps)) AS l(lap)
),
f AS (
    SELECT rider_id, ts, race_distance_m,
           lag(ts) OVER w AS prev_ts, lag(race_distance_m) OVER w AS prev_m
    FROM matched_fixes
    WHERE race_id = ? AND verdict = 'ACCEPTED' AND race_distance_m IS NOT NULL
    WINDOW w AS (PARTITION BY rider_id ORDER BY ts)
),
crossed AS (
    -- the pair of fixes either side of a climb's foot or summit, and the time in between there
    SELECT c.climb_id, c.lap, f.rider_id, mark.at_summit,
           date_add('millisecond',
                    CAST(round(date_diff('millisecond', f.prev_ts, f.ts)
                               * (mark.at_m - f.prev_m) / (f.race_distance_m - f.prev_m)) AS bigint),
                    f.prev_ts) AS at
    FROM climbs c
    CROSS JOIN UNNEST(ARRAY[c.foot_m, c.summit_m], ARRAY[false, true]) AS mark(at_m, at_summit)
    JOIN f ON f.prev_m < mark.at_m AND f.race_distance_m >= mark.at_m
),
timed AS (
    SELECT climb_id, lap, rider_id,
           date_diff('millisecond', min(at) FILTER (WHERE NOT at_summit),
                     min(at) FILTER (WHERE at_summit)) / 1000.0 AS time_s
    FROM crossed
    GROUP BY climb_id, lap, rider_id
)
SELECT c.climb_id, c.name, c.category, c.lap, c.foot_m, c.summit_m, c.gain_m, t.rider_id,
       t.time_s, c.gain_m * 3600 / t.time_s AS vam_m_per_h,
       rank() OVER (PARTITION BY c.climb_id, c.lap ORDER BY t.time_s) AS position
FROM timed t
JOIN climbs c ON c.climb_id = t.climb_id AND c.lap = t.lap
WHERE t.time_s > 0
ORDER BY c.foot_m, position, t.rider_id
