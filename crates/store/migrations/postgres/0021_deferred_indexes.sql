-- Indexes a bulk write dropped to build once at its end, by name with their definition; those of
-- a run that stopped halfway are built when the database is next opened.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);
