-- Geospatial (Trino's ST_ functions; points are ST_Point(lon, lat), x = longitude):
-- a rider's track as a line, its length on the sphere in metres, its bounding box, and how many
-- of its fixes strayed more than 50 m from the course (the tracker's lateral offset).
WITH track AS (
    SELECT rider_id,
           ST_LineString(array_agg(ST_Point(lon, lat) ORDER BY ts)) AS line,
           count(*) AS fixes
    FROM raw_fixes
    WHERE race_id = 'demo-trace_2024_7' AND rider_id = 'r001'
    GROUP BY rider_id
),
off_course AS (
    SELECT rider_id, count_if(lateral_offset_m > 50) AS fixes_off_course
    FROM matched_fixes
    WHERE race_id = 'demo-trace_2024_7' AND rider_id = 'r001'
    GROUP BY rider_id
)
SELECT track.rider_id, track.fixes,
       ST_NumPoints(track.line) AS line_points,
       round(ST_Length(to_spherical_geography(track.line))) AS length_m,
       ST_AsText(ST_Envelope(track.line)) AS bounding_box,
       off_course.fixes_off_course
FROM track
JOIN off_course ON off_course.rider_id = track.rider_id;
