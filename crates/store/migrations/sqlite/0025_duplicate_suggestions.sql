-- Cases that may be the same complaint as a newer one, found when the newer one is filed: the
-- same citizen (phone or NIK, by their keyed hashes) or a similar title in the same service
-- within recent weeks. Kept so the case page lists them without searching again.
CREATE TABLE duplicate_suggestions (
    complaint_id BIGINT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    candidate_id BIGINT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    -- 'phone', 'nik' or 'title'
    reason TEXT NOT NULL,
    PRIMARY KEY (complaint_id, candidate_id)
);
CREATE INDEX duplicate_suggestions_candidate ON duplicate_suggestions (candidate_id);
