-- Each rider's passages of the checkpoints and the finish: time since the rider's own start, the
-- split since the previous passage (the first: since the start), and the place at that passage
-- (ranked on elapsed time, so a time trial's riders compare on their own clocks).
-- ?1 race id, ?2 race id
WITH race AS (
    SELECT start_time FROM races WHERE race_id = ? ORDER BY version DESC LIMIT 1
),
p AS (
    SELECT p.rider_id, p.checkpoint_id, p.lap, p.race_distance_m, p.crossing_time, p.finish,
           coalesce(k.start_time, race.start_time) AS rider_start
    FROM passages p
    CROSS JOIN race
    LEFT JOIN riders k ON k.race_id = p.race_id AND k.rider_id = p.rider_id
    WHERE p.race_id = ?
),
timed AS (
    SELECT rider_id, checkpoint_id, lap, race_distance_m, crossing_time, finish,
           date_diff('millisecond', rider_start, crossing_time) / 1000.0 AS elapsed_s,
           date_diff('millisecond',
                     coalesce(lag(crossing_time) OVER (PARTITION BY rider_id ORDER BY crossing_time),
                              rider_start),
                     crossing_time) / 1000.0 AS split_s
    FROM p
)
SELECT checkpoint_id, lap, race_distance_m, finish, rider_id, crossing_time, elapsed_s, split_s,
       rank() OVER (PARTITION BY checkpoint_id, lap ORDER BY elapsed_s) AS position
FROM timed
ORDER BY race_distance_m, position, rider_id
