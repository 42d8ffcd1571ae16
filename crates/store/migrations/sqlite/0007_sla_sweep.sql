-- The running clock's warning point (75 %) is stored when the clock starts, like its deadline,
-- so the sweep is an indexed range query. The *_at markers make the sweep idempotent.
ALTER TABLE complaints ADD COLUMN sla_warn_at TEXT;
ALTER TABLE complaints ADD COLUMN sla_warned_at TEXT;
ALTER TABLE complaints ADD COLUMN sla_breached_at TEXT;
ALTER TABLE complaints ADD COLUMN sla_escalated_at TEXT;
CREATE INDEX complaints_sla_warn ON complaints (status, sla_warn_at);

-- What staff are told in the back office (mail and WhatsApp follow from the outbox).
CREATE TABLE staff_notifications (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX staff_notifications_user ON staff_notifications (user_id, id);
