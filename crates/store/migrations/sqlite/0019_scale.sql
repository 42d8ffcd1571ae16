-- A million complaints. Every filter of the queue walks its own index newest first, so a rare
-- value or a combination finds its page without testing the rows of every other case; the
-- running clock's deadline is one indexed expression that the overdue view, the dashboard and
-- the deadline sweep share; and monthly figures are kept in the writing transaction, so no page
-- reads a year of rows to count them.
CREATE INDEX complaints_status_received ON complaints (village_id, status, received_at, id);
DROP INDEX complaints_village_status;
CREATE INDEX complaints_category_received ON complaints (village_id, category_id, received_at, id);
CREATE INDEX complaints_channel_received ON complaints (village_id, channel, received_at, id);
CREATE INDEX complaints_kind_received ON complaints (village_id, kind, received_at, id);
CREATE INDEX complaints_running_due ON complaints (village_id, (CASE status WHEN 'diterima' THEN verification_due
    WHEN 'diproses' THEN resolution_due WHEN 'keberatan' THEN objection_due END), id);
CREATE INDEX complaints_duplicate_of ON complaints (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- The deadline sweep looks only at cases it has not yet marked.
CREATE INDEX complaints_sweep_warn ON complaints (status, sla_warn_at) WHERE sla_warned_at IS NULL;
CREATE INDEX complaints_sweep_breach ON complaints (status, (CASE status WHEN 'diterima' THEN verification_due
    WHEN 'diproses' THEN resolution_due WHEN 'keberatan' THEN objection_due END)) WHERE sla_breached_at IS NULL;
CREATE INDEX complaints_sweep_standing ON complaints (status, sla_breached_at) WHERE sla_escalated_at IS NULL;
DROP INDEX complaints_sla_warn;

-- One row per village, month (in the village's time zone) and figure: `received` by month of
-- receipt, `status:<s>` how many of that month's complaints stand at <s> now, `decided` and
-- `decided_met` the answers, rejections and referrals of that month and those within deadline
-- (judged for earlier decisions by the case's clocks as they stand),
-- `ratings` and `rating_sum` the citizens' ratings given that month.
CREATE TABLE monthly_figures (
    village_id BIGINT NOT NULL REFERENCES villages(id),
    month TEXT NOT NULL,
    metric TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (village_id, month, metric)
);
INSERT INTO monthly_figures (village_id, month, metric, n)
    SELECT c.village_id, strftime('%Y-%m', c.received_at, v.utc_offset_minutes || ' minutes'), 'received', COUNT(*)
    FROM complaints c JOIN villages v ON v.id = c.village_id GROUP BY 1, 2;
INSERT INTO monthly_figures (village_id, month, metric, n)
    SELECT c.village_id, strftime('%Y-%m', c.received_at, v.utc_offset_minutes || ' minutes'), 'status:' || c.status,
        COUNT(*)
    FROM complaints c JOIN villages v ON v.id = c.village_id GROUP BY 1, 2, 3;
INSERT INTO monthly_figures (village_id, month, metric, n)
    SELECT h.village_id, strftime('%Y-%m', h.at, v.utc_offset_minutes || ' minutes'), 'decided', COUNT(*)
    FROM status_history h JOIN villages v ON v.id = h.village_id
    WHERE h.action IN ('resolve', 'reject', 'refer') GROUP BY 1, 2;
INSERT INTO monthly_figures (village_id, month, metric, n)
    SELECT h.village_id, strftime('%Y-%m', h.at, v.utc_offset_minutes || ' minutes'), 'decided_met', COUNT(*)
    FROM status_history h JOIN villages v ON v.id = h.village_id JOIN complaints c ON c.id = h.complaint_id
    WHERE h.action IN ('resolve', 'reject', 'refer')
      AND (CASE WHEN h.from_status = 'diproses' THEN c.resolution_due ELSE c.verification_due END IS NULL
           OR h.at <= CASE WHEN h.from_status = 'diproses' THEN c.resolution_due ELSE c.verification_due END)
    GROUP BY 1, 2;
INSERT INTO monthly_figures (village_id, month, metric, n)
    SELECT f.village_id, strftime('%Y-%m', f.created_at, v.utc_offset_minutes || ' minutes'), 'ratings', COUNT(*)
    FROM feedback f JOIN villages v ON v.id = f.village_id GROUP BY 1, 2;
INSERT INTO monthly_figures (village_id, month, metric, n)
    SELECT f.village_id, strftime('%Y-%m', f.created_at, v.utc_offset_minutes || ' minutes'), 'rating_sum',
        SUM(f.rating)
    FROM feedback f JOIN villages v ON v.id = f.village_id GROUP BY 1, 2;

-- Synthetic complaints made by `aduan demo-data`, so they can be told apart and removed again.
ALTER TABLE complaints ADD COLUMN demo BIGINT NOT NULL DEFAULT 0;
CREATE INDEX complaints_demo ON complaints (id) WHERE demo = 1;
