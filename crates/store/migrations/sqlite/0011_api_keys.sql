-- Keys for other systems (311 apps, the regency's portal): named, limited to what they may do,
-- revocable. Only a keyed hash of the key is kept; the key is shown once when it is made.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    name TEXT NOT NULL,
    key_hash BLOB NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_keys_village ON api_keys (village_id, id);

-- Updates other systems posted on a case (Open311 servicerequestupdates): each client's
-- update_id is taken once.
CREATE TABLE external_updates (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    api_key_id BIGINT NOT NULL REFERENCES api_keys(id),
    update_id TEXT NOT NULL,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    message_id BIGINT NOT NULL REFERENCES messages(id),
    created_at TEXT NOT NULL,
    UNIQUE (api_key_id, update_id)
);

-- The updates feed reads the history of a time window.
CREATE INDEX status_history_village_at ON status_history (village_id, at);

-- Where a complaint is on the map, when the channel gives it (Open311 lat/long), in millionths
-- of a degree.
ALTER TABLE complaints ADD COLUMN lat_e6 BIGINT;
ALTER TABLE complaints ADD COLUMN long_e6 BIGINT;
