-- The words of each case for search (rowid = the complaint's id): its title, description, place,
-- public version, replies and notes, stemmed by the application (aduan_domain::search) so that
-- both databases hold and are asked for the same words; FTS5 only splits them. Contentless: the
-- text stays in its own tables, and no identity is ever written here.
CREATE VIRTUAL TABLE complaint_words USING fts5(
    words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
-- Citizens' names, apart from the shared words, for the roles that may see identities.
CREATE VIRTUAL TABLE complainant_names USING fts5(
    words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
-- Filled by `aduan search rebuild` (run at the next start when cases exist without words).
