-- A rider's official results across races, newest race first.
-- ?1 rider id
WITH race AS (
    SELECT race_id, name, start_time,
           row_number() OVER (PARTITION BY race_id ORDER BY version DESC) AS newest
    FROM races
),
field AS (
    SELECT race_id, count(*) AS riders FROM results GROUP BY race_id
)
SELECT r.race_id, race.name AS race_name, race.start_time, r.position, field.riders, r.status,
       r.time_s, r.gap_s, r.dnf_at_m
FROM results r
JOIN race ON race.race_id = r.race_id AND race.newest = 1
JOIN field ON field.race_id = r.race_id
WHERE r.rider_id = ?
ORDER BY race.start_time DESC, r.race_id
