-- Two riders in the races both rode: each one's place and time, and who finished ahead (a finisher
-- is ahead of a DNF; two DNFs: who got further). Newest race first.
-- ?1 rider id, ?2 other rider id
WITH race AS (
    SELECT race_id, name, start_time,
           row_number() OVER (PARTITION BY race_id ORDER BY version DESC) AS newest
    FROM races
)
SELECT a.race_id, race.name AS race_name, race.start_time,
       a.position, a.status, a.time_s,
       b.position AS other_position, b.status AS other_status, b.time_s AS other_time_s,
       CASE
           WHEN a.position IS NOT NULL AND (b.position IS NULL OR a.position < b.position)
               THEN a.rider_id
           WHEN b.position IS NOT NULL AND (a.position IS NULL OR b.position < a.position)
               THEN b.rider_id
           WHEN a.position IS NULL AND b.position IS NULL AND a.dnf_at_m > b.dnf_at_m
               THEN a.rider_id
           WHEN a.position IS NULL AND b.position IS NULL AND b.dnf_at_m > a.dnf_at_m
               THEN b.rider_id
       END AS ahead
FROM results a
JOIN results b ON b.race_id = a.race_id
JOIN race ON race.race_id = a.race_id AND race.newest = 1
WHERE a.rider_id = ? AND b.rider_id = ?
ORDER BY race.start_time DESC, a.race_id
