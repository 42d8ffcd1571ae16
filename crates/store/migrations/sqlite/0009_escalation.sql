-- Step 9: escalation to a supervisory body, and the record of every missed deadline it rests on.

-- Each deadline a case missed, kept after the next clock starts: the case file lists them.
CREATE TABLE missed_deadlines (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    clock TEXT NOT NULL,
    due_at TEXT NOT NULL,
    noticed_at TEXT NOT NULL
);
CREATE INDEX missed_deadlines_complaint ON missed_deadlines (complaint_id, id);

-- The bodies a citizen may escalate to, with their contacts; the village edits the list.
CREATE TABLE escalation_bodies (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    website TEXT NOT NULL,
    position BIGINT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX escalation_bodies_village ON escalation_bodies (village_id, position, id);

-- One escalation of one case. The body's name and contacts are copied, so a later edit of the
-- list does not rewrite what the citizen was told. The read-only link is kept as a keyed hash
-- for look-up and sealed, so the citizen can see it again.
CREATE TABLE escalations (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    body_id BIGINT NOT NULL REFERENCES escalation_bodies(id),
    body TEXT NOT NULL,
    grounds TEXT NOT NULL,
    requested TEXT NOT NULL,
    show_identity BIGINT NOT NULL,
    link_hash BLOB NOT NULL UNIQUE,
    link_enc BLOB NOT NULL,
    link_expires_at TEXT NOT NULL,
    visits BIGINT NOT NULL DEFAULT 0,
    last_visit_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (complaint_id, body_id)
);

-- A lost PIN is replaced by a new one sent to the contact on file, at most once an hour.
ALTER TABLE complaints ADD COLUMN pin_reset_at TEXT;
