-- The village profile around the articles. portal_widgets holds how the redaksi arranged the
-- sidebar (a widget without a row shows, after the arranged ones).
CREATE TABLE portal_widgets (
    village_id BIGINT NOT NULL REFERENCES villages(id),
    widget TEXT NOT NULL,
    shown BIGINT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (village_id, widget)
);

-- The village officials (Pemerintah Desa); the photo is a cleaned image in the file store.
CREATE TABLE village_officials (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    position BIGINT NOT NULL,
    photo_sha256 TEXT,
    photo_type TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX village_officials_order ON village_officials (village_id, position, id);

-- Events of the village; starts_at is an instant (UTC), shown in the village's time.
CREATE TABLE agenda_events (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    place TEXT NOT NULL,
    coordinator TEXT NOT NULL,
    details TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agenda_events_time ON agenda_events (village_id, starts_at, id);

-- Social media (sosial) and partner programme (sinergi) links.
CREATE TABLE portal_links (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    url TEXT NOT NULL,
    position BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX portal_links_order ON portal_links (village_id, kind, position, id);

-- Pages that stay (profile, history, vision and mission); body_html is sanitised when saved.
CREATE TABLE portal_pages (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body_html TEXT NOT NULL,
    position BIGINT NOT NULL,
    published BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (village_id, slug)
);
CREATE INDEX portal_pages_order ON portal_pages (village_id, published, position, id);

-- Pictures the redaksi uploads for articles and pages (cleaned and scaled; bytes in the file store).
CREATE TABLE portal_media (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    sha256 TEXT NOT NULL,
    media_type TEXT NOT NULL,
    name TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    size BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX portal_media_latest ON portal_media (village_id, id);
