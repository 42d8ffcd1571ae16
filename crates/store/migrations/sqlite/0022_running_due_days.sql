-- Open cases by the day (UTC) their running clock ends, so that counting overdue cases reads one
-- row per past day instead of every open case.
CREATE TABLE running_due_days (
    village_id BIGINT NOT NULL REFERENCES villages(id),
    day TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (village_id, day)
);
INSERT INTO running_due_days (village_id, day, n)
SELECT village_id, substr(CASE status WHEN 'diterima' THEN verification_due WHEN 'diproses' THEN resolution_due
    WHEN 'keberatan' THEN objection_due END, 1, 10), COUNT(*)
FROM complaints
WHERE (CASE status WHEN 'diterima' THEN verification_due WHEN 'diproses' THEN resolution_due
    WHEN 'keberatan' THEN objection_due END) IS NOT NULL
GROUP BY 1, 2;
