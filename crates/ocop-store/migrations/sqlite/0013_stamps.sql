-- Stamps (tem điện tử): the secret keys that tag stamp codes, and the issued series. A series
-- of N stamps is ONE row: each stamp's serial is a keyed permutation of (series_no, index), so
-- nothing is stored per stamp (see ocop_domain::stamp).

CREATE TABLE stamp_keys (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id BETWEEN 0 AND 31),
    secret BLOB NOT NULL CHECK (length(secret) = 32),
    created_at TEXT NOT NULL,
    retired_at TEXT,
    active INTEGER NOT NULL DEFAULT 0
);
-- At most one key issues new stamps; the others only verify.
CREATE UNIQUE INDEX stamp_keys_one_active ON stamp_keys (active) WHERE active;

CREATE TABLE stamp_series (
    id BLOB PRIMARY KEY NOT NULL,
    series_no INTEGER NOT NULL UNIQUE CHECK (series_no BETWEEN 0 AND 1048575),
    lot_id BLOB NOT NULL REFERENCES lots (id),
    key_id INTEGER NOT NULL REFERENCES stamp_keys (id),
    count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 1000000),
    label_width_mm INTEGER NOT NULL,
    label_height_mm INTEGER NOT NULL,
    signed INTEGER NOT NULL DEFAULT 0,
    demo INTEGER NOT NULL DEFAULT 0,
    issued_at TEXT NOT NULL,
    issued_by_id BLOB,
    issued_by TEXT NOT NULL
);
CREATE INDEX stamp_series_lot ON stamp_series (lot_id, series_no);
