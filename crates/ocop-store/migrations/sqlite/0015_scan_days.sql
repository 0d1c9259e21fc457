-- Scans per day (in Vietnam's time), lot and place province: what the scan dashboard reads,
-- kept by the scan writer with each batch. The log itself then needs no index but one for
-- the few scans with a place (the far-apart alert): a scan appends one row at the log's end
-- instead of landing in three indexes at random spots.

CREATE TABLE scan_days (
    -- YYYY-MM-DD, Vietnam's day of the scans.
    day TEXT NOT NULL,
    lot_id BLOB NOT NULL REFERENCES lots (id),
    -- The province nearest the place consumers shared; 0 when not shared.
    place_province INTEGER NOT NULL,
    scans INTEGER NOT NULL CHECK (scans > 0),
    PRIMARY KEY (day, lot_id, place_province)
) WITHOUT ROWID;

INSERT INTO scan_days (day, lot_id, place_province, scans)
SELECT date(scanned_at, '+7 hours'), lot_id, COALESCE(place_province, 0), COUNT(*)
FROM scans WHERE lot_id IS NOT NULL
GROUP BY 1, 2, 3;

DROP INDEX scans_time;
DROP INDEX scans_lot;
DROP INDEX scans_serial;
CREATE INDEX scans_placed ON scans (serial, scanned_at) WHERE lat_tenths IS NOT NULL;

-- One b-tree for the counts, keyed by serial (a rowid table kept a second one).
CREATE TABLE scan_counts_by_serial (
    serial TEXT PRIMARY KEY NOT NULL,
    series_no INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO scan_counts_by_serial SELECT serial, series_no, count, first_at, last_at FROM scan_counts;
DROP TABLE scan_counts;
ALTER TABLE scan_counts_by_serial RENAME TO scan_counts;
