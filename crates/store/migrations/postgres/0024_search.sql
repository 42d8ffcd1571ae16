-- The words of each case for search: its title, description, place, public version, replies and
-- notes, stemmed by the application (aduan_domain::search) and stored as a tsvector literal, so
-- that both databases hold and are asked for the same words. No identity is ever written here.
-- The key is named `rowid` as SQLite's FTS5 names it, so that one statement serves both.
CREATE TABLE complaint_words (
    rowid BIGINT PRIMARY KEY REFERENCES complaints(id),
    words TSVECTOR NOT NULL
);
CREATE INDEX complaint_words_match ON complaint_words USING GIN (words);
-- Citizens' names, apart from the shared words, for the roles that may see identities.
CREATE TABLE complainant_names (
    rowid BIGINT PRIMARY KEY REFERENCES complaints(id),
    words TSVECTOR NOT NULL
);
CREATE INDEX complainant_names_match ON complainant_names USING GIN (words);
-- Filled by `aduan search rebuild` (run at the next start when cases exist without words).
