-- The unread notices of each staff member, counted on every back-office page for the menu: only
-- the unread rows are indexed, so the count reads nothing of what was read long ago.
CREATE INDEX staff_notifications_unread ON staff_notifications (user_id, id) WHERE read_at IS NULL;
-- Each staff member's saved views of the queue: a name and the queue's filters as its address's
-- query string.
CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    village_id BIGINT NOT NULL REFERENCES villages(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX saved_views_user ON saved_views (user_id, id);
