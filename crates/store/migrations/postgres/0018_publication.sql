-- A `publik` complaint is published only once the village has verified it (its first disposisi,
-- verified_at) and never while rejected or withdrawn. A pengelola may publish a redacted title and
-- description (NULL: as filed; the original stays in the case) or withdraw publication.
ALTER TABLE complaints ADD COLUMN verified_at TEXT;
ALTER TABLE complaints ADD COLUMN public_title TEXT;
ALTER TABLE complaints ADD COLUMN public_description TEXT;
ALTER TABLE complaints ADD COLUMN public_withdrawn_at TEXT;
UPDATE complaints SET verified_at = (
    SELECT MIN(h.at) FROM status_history h WHERE h.complaint_id = complaints.id AND h.to_status = 'diproses'
);
CREATE INDEX complaints_published ON complaints (village_id, received_at, id)
    WHERE publication = 'publik' AND identity_mode <> 'rahasia' AND verified_at IS NOT NULL
      AND public_withdrawn_at IS NULL;
