-- The first rider past every checkpoint (and lap) of a race, and the second's gap in seconds.
WITH ranked AS (
    SELECT checkpoint_id, lap, race_distance_m, rider_id, crossing_time,
           row_number() OVER (PARTITION BY checkpoint_id, lap ORDER BY crossing_time) AS place
    FROM passages
    WHERE race_id = 'demo-trace_2024_7'
)
SELECT first.checkpoint_id, first.lap, first.race_distance_m, first.rider_id AS first_rider,
       second.rider_id AS second_rider,
       date_diff('millisecond', first.crossing_time, second.crossing_time) / 1000.0 AS gap_s
FROM ranked first
LEFT JOIN ranked second
       ON second.checkpoint_id = first.checkpoint_id AND second.lap = first.lap
      AND second.place = 2
WHERE first.place = 1
ORDER BY first.race_distance_m;
