-- Stamps (tem điện tử): the secret keys that tag stamp codes, and the issued series. A series
-- of N stamps is ONE row: each stamp's serial is a keyed permutation of (series_no, index), so
-- nothing is stored per stamp (see ocop_domain::stamp).

CREATE TABLE stamp_keys (
    id BIGINT PRIMARY KEY NOT NULL CHECK (id BETWEEN 0 AND 31),
    secret BYTEA NOT NULL CHECK (length(secret) = 32),
    created_at TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ,
    active BOOLEAN NOT NULL DEFAULT FALSE
);
-- At most one key issues new stamps; the others only verify.
CREATE UNIQUE INDEX stamp_keys_one_active ON stamp_keys (active) WHERE active;

CREATE TABLE stamp_series (
    id UUID PRIMARY KEY NOT NULL,
    series_no BIGINT NOT NULL UNIQUE CHECK (series_no BETWEEN 0 AND 1048575),
    lot_id UUID NOT NULL REFERENCES lots (id),
    key_id BIGINT NOT NULL REFERENCES stamp_keys (id),
    count BIGINT NOT NULL CHECK (count BETWEEN 1 AND 1000000),
    label_width_mm BIGINT NOT NULL,
    label_height_mm BIGINT NOT NULL,
    signed BOOLEAN NOT NULL DEFAULT FALSE,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    issued_at TIMESTAMPTZ NOT NULL,
    issued_by_id UUID,
    issued_by TEXT NOT NULL
);
CREATE INDEX stamp_series_lot ON stamp_series (lot_id, series_no);
