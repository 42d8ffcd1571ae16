-- The yearly satisfaction survey (Survei Kepuasan Masyarakat): anonymous, one row per respondent.
-- The nonce was handed out with the form; a form is counted once.
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    service TEXT NOT NULL,
    u1 BIGINT NOT NULL,
    u2 BIGINT NOT NULL,
    u3 BIGINT NOT NULL,
    u4 BIGINT NOT NULL,
    u5 BIGINT NOT NULL,
    u6 BIGINT NOT NULL,
    u7 BIGINT NOT NULL,
    u8 BIGINT NOT NULL,
    u9 BIGINT NOT NULL,
    age_band TEXT,
    sex TEXT,
    education TEXT,
    occupation TEXT,
    nonce TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX survey_responses_period ON survey_responses (village_id, created_at);
