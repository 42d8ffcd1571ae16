-- Foundation schema. Timestamps are UTC text `YYYY-MM-DDTHH:MM:SSZ` (fixed width, so text order
-- is time order), dates `YYYY-MM-DD`; the PostgreSQL schema keeps the same columns and types.

CREATE TABLE villages (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    motto TEXT NOT NULL DEFAULT '',
    kecamatan TEXT NOT NULL,
    kabupaten TEXT NOT NULL,
    province TEXT NOT NULL,
    postcode TEXT NOT NULL,
    office_address TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    office_hours TEXT NOT NULL DEFAULT '',
    complaint_officer_name TEXT NOT NULL DEFAULT '',
    complaint_officer_address TEXT NOT NULL DEFAULT '',
    ticket_prefix TEXT NOT NULL UNIQUE,
    utc_offset_minutes BIGINT NOT NULL DEFAULT 420,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    sla_targets TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sla_class TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    sort_order BIGINT NOT NULL DEFAULT 0,
    UNIQUE (village_id, code)
);

CREATE TABLE holidays (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (village_id, day)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BIGINT NOT NULL DEFAULT 1,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (village_id, username)
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users(id),
    village_id BIGINT NOT NULL REFERENCES villages(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    ticket TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES categories(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    resolution_requested TEXT NOT NULL,
    incident_date TEXT,
    place TEXT,
    channel TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    identity_mode TEXT NOT NULL,
    publication TEXT NOT NULL,
    status TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    pin_failures BIGINT NOT NULL DEFAULT 0,
    pin_locked_until TEXT,
    received_at TEXT NOT NULL,
    verification_due TEXT,
    resolution_due TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX complaints_village_status ON complaints (village_id, status, id);
CREATE INDEX complaints_village_received ON complaints (village_id, received_at, id);

-- Personal data, encrypted with the installation key; `*_hash` are keyed hashes for look-ups.
CREATE TABLE complainants (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id),
    village_id BIGINT NOT NULL REFERENCES villages(id),
    name TEXT,
    address_enc BLOB,
    nik_enc BLOB,
    nik_hash BLOB,
    phone_enc BLOB,
    phone_hash BLOB,
    email_enc BLOB,
    email_hash BLOB,
    preferred_contact TEXT NOT NULL
);
CREATE INDEX complainants_nik_hash ON complainants (village_id, nik_hash);
CREATE INDEX complainants_phone_hash ON complainants (village_id, phone_hash);
CREATE INDEX complainants_email_hash ON complainants (village_id, email_hash);

CREATE TABLE status_history (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users(id),
    public_note TEXT,
    at TEXT NOT NULL
);
CREATE INDEX status_history_complaint ON status_history (complaint_id, id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    author_kind TEXT NOT NULL,
    author_user_id BIGINT REFERENCES users(id),
    visibility TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX messages_complaint ON messages (complaint_id, id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    message_id BIGINT REFERENCES messages(id),
    sha256 TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    original_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_complaint ON attachments (complaint_id, id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Append-only, hash-chained per village: hash = SHA-256(prev_hash || canonical entry).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (village_id, seq)
);

-- The head of each village's chain; updating it first serialises writers of the chain.
CREATE TABLE audit_head (
    village_id BIGINT PRIMARY KEY REFERENCES villages(id),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
