-- Per rider of a race: fixes received, how many the tracker accepted, arrived late, or refused
-- (and why: the verdict), and the median lateral offset from the course of the accepted ones.
WITH per_verdict AS (
    SELECT rider_id, verdict, count(*) AS n, count_if(late) AS late,
           approx_percentile(lateral_offset_m, 0.5) AS median_offset_m
    FROM matched_fixes
    WHERE race_id = 'demo-trace_2024_7'
    GROUP BY rider_id, verdict
)
SELECT rider_id,
       sum(n) AS fixes,
       coalesce(sum(n) FILTER (WHERE verdict = 'ACCEPTED'), 0) AS accepted,
       sum(late) AS late,
       map_agg(verdict, n) FILTER (WHERE verdict <> 'ACCEPTED') AS refused_by_verdict,
       max(median_offset_m) FILTER (WHERE verdict = 'ACCEPTED') AS median_offset_m
FROM per_verdict
GROUP BY rider_id
ORDER BY coalesce(sum(n) FILTER (WHERE verdict = 'ACCEPTED'), 0) * 1.0 / sum(n), rider_id;
