-- Visitors' comments on articles. Phone and email are sealed like a complainant's and never
-- shown; body_hash finds the same text sent again, client_hash (a salted daily hash of the
-- address) how often one client writes. New comments wait (menunggu) for the redaksi.
CREATE TABLE article_comments (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    name TEXT NOT NULL,
    phone_enc BLOB,
    email_enc BLOB,
    body TEXT NOT NULL,
    body_hash BLOB NOT NULL,
    client_hash BLOB NOT NULL,
    status TEXT NOT NULL DEFAULT 'menunggu',
    created_at TEXT NOT NULL,
    moderated_by BIGINT REFERENCES users(id),
    moderated_at TEXT,
    reply_body TEXT,
    reply_by_name TEXT,
    replied_at TEXT
);
CREATE INDEX article_comments_shown ON article_comments (article_id, status, id);
CREATE INDEX article_comments_queue ON article_comments (village_id, status, id);
CREATE INDEX article_comments_same ON article_comments (village_id, body_hash);
CREATE INDEX article_comments_client ON article_comments (village_id, client_hash, created_at);

-- A CAPTCHA is issued without a row (its token is signed and carries its expiry); a used one
-- is kept here until it would have expired anyway, so it is never taken twice.
CREATE TABLE captcha_used (
    token_hash BLOB PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX captcha_used_expiry ON captcha_used (expires_at);

-- Visitors of the portal: one row per visitor (a salted daily hash, never the address) and day,
-- kept for two days only; the counts per day, system and browser, and the running total, for good.
CREATE TABLE visitor_days (
    village_id BIGINT NOT NULL REFERENCES villages(id),
    day TEXT NOT NULL,
    visitor_hash BLOB NOT NULL,
    PRIMARY KEY (village_id, day, visitor_hash)
);
CREATE TABLE visitor_counts (
    village_id BIGINT NOT NULL REFERENCES villages(id),
    day TEXT NOT NULL,
    os TEXT NOT NULL,
    browser TEXT NOT NULL,
    visitors BIGINT NOT NULL,
    PRIMARY KEY (village_id, day, os, browser)
);
CREATE TABLE visitor_totals (
    village_id BIGINT PRIMARY KEY REFERENCES villages(id),
    visitors BIGINT NOT NULL
);
CREATE INDEX visitor_days_day ON visitor_days (day);
CREATE INDEX article_reads_day ON article_reads (day);
