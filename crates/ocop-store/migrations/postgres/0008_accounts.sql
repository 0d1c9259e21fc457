-- An account whose password someone else knows (an administrator set it, reset it, or the
-- system generated it) must choose its own at its next sign-in (true) before doing anything
-- else.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
