-- The portal's articles (news, announcements, the village's regulations), in categories.
CREATE TABLE article_categories (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    sort_order BIGINT NOT NULL DEFAULT 0,
    UNIQUE (village_id, slug)
);

-- body_html is sanitised before it is stored; publish_at is when a published article shows
-- (a future time schedules it). read_count counts each visitor once a day (article_reads).
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    category_id BIGINT NOT NULL REFERENCES article_categories(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_html TEXT NOT NULL,
    author_user_id BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL,
    published BIGINT NOT NULL DEFAULT 0,
    publish_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    read_count BIGINT NOT NULL DEFAULT 0,
    -- One downloadable document (the regulation as PDF, a form as .docx), in the file store.
    attachment_sha256 TEXT,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment_size BIGINT,
    UNIQUE (village_id, slug)
);
CREATE INDEX articles_listed ON articles (village_id, published, publish_at, id);
CREATE INDEX articles_by_category ON articles (category_id, published, publish_at, id);
CREATE INDEX articles_popular ON articles (village_id, published, read_count);

-- One read per visitor (a salted daily hash, never the address) per article per day.
CREATE TABLE article_reads (
    article_id BIGINT NOT NULL REFERENCES articles(id),
    day TEXT NOT NULL,
    visitor_hash BLOB NOT NULL,
    PRIMARY KEY (article_id, day, visitor_hash)
);
