-- The scan log packed: from here on each batch the writer writes is one row of `scan_blocks`,
-- its scans packed in `data` (the format named by `format`, read by `scans::packed`), instead
-- of one row per scan. A row per scan was most of the writer's cost (the insert of the row);
-- nothing reads the log by serial or lot, only by time.
--
-- `scans` keeps the scans written before, and is no longer written: the log is its rows
-- followed by the blocks. The scans with a place, which the far-apart alert looks up by serial,
-- are also kept as rows of `scan_places`.

CREATE TABLE scan_blocks (
    seq BIGSERIAL PRIMARY KEY,
    first_at TIMESTAMPTZ NOT NULL,
    last_at TIMESTAMPTZ NOT NULL,
    scans BIGINT NOT NULL CHECK (scans > 0),
    format BIGINT NOT NULL,
    data BYTEA NOT NULL
);
CREATE INDEX scan_blocks_time ON scan_blocks (last_at);

CREATE TABLE scan_places (
    seq BIGSERIAL PRIMARY KEY,
    serial TEXT NOT NULL,
    scanned_at TIMESTAMPTZ NOT NULL,
    lat_tenths BIGINT NOT NULL,
    lon_tenths BIGINT NOT NULL
);
INSERT INTO scan_places (serial, scanned_at, lat_tenths, lon_tenths)
SELECT serial, scanned_at, lat_tenths, lon_tenths FROM scans
WHERE lat_tenths IS NOT NULL AND lon_tenths IS NOT NULL
ORDER BY seq;
CREATE INDEX scan_places_serial ON scan_places (serial, scanned_at);

DROP INDEX scans_placed;
CREATE INDEX scans_time ON scans (scanned_at);
