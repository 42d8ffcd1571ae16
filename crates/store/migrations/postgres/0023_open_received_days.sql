-- Open cases by the day (UTC) they were received, so that counting open cases by age reads one
-- row per day instead of every open case of the last month.
CREATE TABLE open_received_days (
    village_id BIGINT NOT NULL REFERENCES villages(id),
    day TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (village_id, day)
);
INSERT INTO open_received_days (village_id, day, n)
SELECT village_id, substr(received_at, 1, 10), COUNT(*)
FROM complaints
WHERE status IN ('diterima', 'perlu_info', 'diproses', 'keberatan')
GROUP BY 1, 2;
