-- A race's official classification: finishers by position, then DNFs from the furthest.
-- ?1 race id
SELECT r.position, r.rider_id, k.bib, k.name, k.team, r.status, r.time_s, r.gap_s, r.dnf_at_m
FROM results r
LEFT JOIN riders k ON k.race_id = r.race_id AND k.rider_id = r.rider_id
WHERE r.race_id = ?
ORDER BY r.position NULLS LAST, r.dnf_at_m DESC NULLS LAST, r.rider_id
