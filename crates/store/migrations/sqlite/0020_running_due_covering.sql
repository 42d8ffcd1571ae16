-- The running deadline's index also carries the columns its expression reads, so that counting
-- overdue cases (the dashboard) reads the index alone instead of visiting each case's row.
DROP INDEX complaints_running_due;
CREATE INDEX complaints_running_due ON complaints (village_id, (CASE status WHEN 'diterima' THEN verification_due
    WHEN 'diproses' THEN resolution_due WHEN 'keberatan' THEN objection_due END), id,
    status, verification_due, resolution_due, objection_due);
