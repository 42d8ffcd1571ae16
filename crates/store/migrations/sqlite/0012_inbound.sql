-- Complaints that came in by mail or text message carry only what the citizen wrote: staff
-- complete the category, title and resolution requested before the case goes on.
ALTER TABLE complaints ADD COLUMN needs_completion BIGINT NOT NULL DEFAULT 0;

-- Every mail and text message taken in, by a keyed hash of its channel's own id (Message-ID,
-- the gateway's message id): a mail server or gateway that delivers it again gets the first
-- outcome and nothing is stored twice.
CREATE TABLE inbound_messages (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    channel TEXT NOT NULL,
    key_hash BLOB NOT NULL,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (village_id, channel, key_hash)
);
