-- Geospatial: every rider who passed within 200 m of a point (here the course at km 12 of the
-- demo's stage, 4.89442 E, 47.18837 N), the closest fix and when. great_circle_distance is in kilometres.
SELECT rider_id,
       min_by(ts, d_km) AS closest_at,
       round(min(d_km) * 1000) AS closest_m
FROM (
    SELECT rider_id, ts, great_circle_distance(lat, lon, 47.18837, 4.89442) AS d_km
    FROM raw_fixes
    WHERE race_id = 'demo-trace_2024_7'
      AND lat BETWEEN 47.18837 - 0.003 AND 47.18837 + 0.003
      AND lon BETWEEN 4.89442 - 0.004 AND 4.89442 + 0.004
)
WHERE d_km <= 0.2
GROUP BY rider_id
ORDER BY closest_at;
