-- Every race: riders classified, finishers, DNFs and the winner's time (h:mm:ss).
WITH race AS (
    SELECT race_id, name, start_time,
           row_number() OVER (PARTITION BY race_id ORDER BY version DESC) AS newest
    FROM races
)
SELECT race.race_id, race.name, race.start_time,
       count(*) AS riders,
       count_if(r.status = 'FINISHED') AS finishers,
       count_if(r.status = 'DNF') AS dnf,
       format('%d:%02d:%02d', min(r.time_s) / 3600, min(r.time_s) / 60 % 60, min(r.time_s) % 60)
           AS winning_time
FROM results r
JOIN race ON race.race_id = r.race_id AND race.newest = 1
GROUP BY race.race_id, race.name, race.start_time
ORDER BY race.start_time DESC;
