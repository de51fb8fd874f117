-- The race-flow chart: every group's gap to the head of the race as the head covers the course.
-- For each step of the head's distance, the last standings snapshot in it: its groups, their
-- riders, their gap.
-- ?1 race id, ?2 step (metres)
WITH s AS (
    SELECT as_of, rider_id, position, race_distance_m, group_number, group_gap_s
    FROM standings_snapshots
    WHERE race_id = ? AND status = 'RACING' AND group_number IS NOT NULL
),
head AS (
    SELECT as_of, max(race_distance_m) AS head_m FROM s GROUP BY as_of
),
step AS (
    SELECT as_of, head_m,
           row_number() OVER (PARTITION BY floor(head_m / ?) ORDER BY as_of DESC) AS last
    FROM head
)
SELECT step.head_m AS head_distance_m, step.as_of, s.group_number, count(*) AS riders,
       min(s.group_gap_s) AS gap_s, min(s.position) AS first_position
FROM step
JOIN s ON s.as_of = step.as_of
WHERE step.last = 1
GROUP BY step.head_m, step.as_of, s.group_number
ORDER BY step.as_of, s.group_number
