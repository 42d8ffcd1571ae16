-- A key with the `staff` scope works as one staff user, with that user's roles and nothing more.
ALTER TABLE api_keys ADD COLUMN user_id BIGINT REFERENCES users(id);
