-- A PIN's version: a case session remembers the version it was opened with, so a new PIN ends
-- the sessions opened with the old one. A PIN asked for with "Lupa PIN" waits in
-- pin_pending_hash until the outbox message pin_pending_outbox that carries it has been handed
-- to the mail server or gateway; until then the old PIN keeps working.
ALTER TABLE complaints ADD COLUMN pin_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE complaints ADD COLUMN pin_pending_hash TEXT;
ALTER TABLE complaints ADD COLUMN pin_pending_outbox BIGINT;
