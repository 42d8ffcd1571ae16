-- Back-office sessions and login throttling live in the database, so they survive restarts and
-- are shared by every server process.

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    village_id BIGINT NOT NULL REFERENCES villages(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per throttled key: `user:<village id>:<username>` or `ip:<address>`.
CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_started_at TEXT NOT NULL,
    locked_until TEXT
);
