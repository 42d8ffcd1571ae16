-- Replies staff write often, kept per village, to start a reply from.
CREATE TABLE canned_responses (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX canned_responses_village ON canned_responses (village_id, id);
