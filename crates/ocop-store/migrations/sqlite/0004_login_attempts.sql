-- Sign-in attempts not (yet) known to have succeeded, for throttling password guessing per
-- client address and e-mail. `at` is Unix seconds: compared in SQL the same way on both
-- backends. Rows older than the throttling window are pruned.
CREATE TABLE login_attempts (
    id BLOB PRIMARY KEY NOT NULL,
    client TEXT NOT NULL,
    email TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_attempts_client ON login_attempts (client, at);
CREATE INDEX login_attempts_at ON login_attempts (at);
