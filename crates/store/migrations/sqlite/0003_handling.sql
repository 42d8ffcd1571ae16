-- Handling a complaint in the back office: who it is assigned to, why it was rejected or where it
-- was referred, and per-status counts kept with every change so the queue never counts the table.

ALTER TABLE complaints ADD COLUMN assigned_to BIGINT REFERENCES users(id);
ALTER TABLE complaints ADD COLUMN rejection_reason TEXT;
ALTER TABLE complaints ADD COLUMN duplicate_of BIGINT REFERENCES complaints(id);
ALTER TABLE complaints ADD COLUMN referral_agency TEXT;
ALTER TABLE complaints ADD COLUMN referral_contact TEXT;
CREATE INDEX complaints_assigned ON complaints (village_id, assigned_to, received_at, id);

CREATE TABLE complaint_counts (
    village_id BIGINT NOT NULL REFERENCES villages(id),
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (village_id, status)
);
INSERT INTO complaint_counts (village_id, status, n)
    SELECT village_id, status, COUNT(*) FROM complaints GROUP BY village_id, status;
