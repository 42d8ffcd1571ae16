-- An oral complaint (phone, walk-in) is read back to the citizen and confirmed before it is recorded.
ALTER TABLE complaints ADD COLUMN read_back_confirmed BIGINT NOT NULL DEFAULT 0;
