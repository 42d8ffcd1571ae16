-- The officer who answers for a category's complaints by default.
ALTER TABLE categories ADD COLUMN responsible_user_id BIGINT REFERENCES users(id);
