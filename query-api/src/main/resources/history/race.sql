-- The race as last defined (the races dimension keeps one row per version).
-- ?1 race id
SELECT race_id, name, format, start_time, laps, total_m
FROM races
WHERE race_id = ?
ORDER BY version DESC
LIMIT 1
