-- One rider's season: every race with a result, the place, the time behind the winner.
SELECT r.race_id, races.name, races.start_time, r.position, r.status, r.gap_s, r.dnf_at_m
FROM results r
JOIN (SELECT race_id, max_by(name, version) AS name, max_by(start_time, version) AS start_time
      FROM races GROUP BY race_id) races
  ON races.race_id = r.race_id
WHERE r.rider_id = 'r001'
ORDER BY races.start_time;
