-- The citizen's steps 7-10 and the notification outbox.

-- Clock bookkeeping: when the village asked for information (the clock is paused from then on),
-- when the citizen was reminded, when the answer was given (the feedback window runs from it), the
-- objection's deadline, and the last status request (limited to one a day).
ALTER TABLE complaints ADD COLUMN clock_paused_at TEXT;
ALTER TABLE complaints ADD COLUMN info_reminded_at TEXT;
ALTER TABLE complaints ADD COLUMN resolved_at TEXT;
-- Counts the answers given: each may be rated once.
ALTER TABLE complaints ADD COLUMN answer_round BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN objection_due TEXT;
ALTER TABLE complaints ADD COLUMN status_asked_at TEXT;
-- Missed deadlines stay counted after a new clock starts: they entitle the citizen to escalate.
ALTER TABLE complaints ADD COLUMN deadlines_missed BIGINT NOT NULL DEFAULT 0;
CREATE INDEX complaints_status_paused ON complaints (status, clock_paused_at);
CREATE INDEX complaints_status_resolved ON complaints (status, resolved_at);

-- The citizen's rating of the handling (SKM scale 1-4): once per answer, so a case reopened and
-- answered again may be rated again.
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    answer_round BIGINT NOT NULL,
    rating BIGINT NOT NULL,
    comment TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (complaint_id, answer_round)
);

-- Objections (keberatan) and the Kepala Desa's decisions.
CREATE TABLE objections (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decision TEXT,
    decision_reason TEXT,
    decided_by BIGINT REFERENCES users(id),
    decided_at TEXT
);
CREATE INDEX objections_complaint ON objections (complaint_id, id);

-- Staff may receive their notices by mail too.
ALTER TABLE users ADD COLUMN email TEXT;

-- Every message to a citizen or staff member is written here in the transaction of the event,
-- then delivered by a background job with retries. A citizen's address is a copy of the sealed
-- contact on file; a staff member's is read from the user at delivery.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT REFERENCES complaints(id),
    user_id BIGINT REFERENCES users(id),
    channel TEXT NOT NULL,
    recipient_enc BLOB,
    event TEXT NOT NULL,
    params TEXT NOT NULL,
    secret_enc BLOB,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX outbox_complaint ON outbox (complaint_id, id);
