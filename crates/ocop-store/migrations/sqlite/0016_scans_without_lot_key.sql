-- The scan log without its foreign key to lots: checking it cost the writer a random probe of
-- the lots' index per scan, about as much as writing the scan itself. A scan's lot comes from
-- its issued series (which keeps its own key to lots), and lots are never deleted, so the log
-- keeps nothing the key would have refused. SQLite cannot drop a constraint: the table is
-- made again, its rows and numbering kept.

CREATE TABLE scans_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    scanned_at TEXT NOT NULL,
    serial TEXT NOT NULL,
    series_no INTEGER NOT NULL,
    -- NULL for a validly tagged code of a series never issued (a key-leak alert).
    lot_id BLOB,
    -- Coarse place the consumer chose to share, in tenths of a degree; NULL when not shared.
    lat_tenths INTEGER,
    lon_tenths INTEGER,
    -- The province whose centroid is nearest that place (approximate); NULL when not shared.
    place_province INTEGER,
    agent TEXT NOT NULL CHECK (agent IN ('android', 'ios', 'desktop', 'bot', 'other')),
    demo INTEGER NOT NULL DEFAULT 0
);
INSERT INTO scans_log (seq, scanned_at, serial, series_no, lot_id, lat_tenths, lon_tenths,
    place_province, agent, demo)
SELECT seq, scanned_at, serial, series_no, lot_id, lat_tenths, lon_tenths, place_province,
    agent, demo
FROM scans;
-- Numbering goes on after the highest number ever given (AUTOINCREMENT), not after the
-- highest row kept.
DELETE FROM sqlite_sequence WHERE name = 'scans_log';
INSERT INTO sqlite_sequence (name, seq) SELECT 'scans_log', seq FROM sqlite_sequence WHERE name = 'scans';
DROP TABLE scans;
ALTER TABLE scans_log RENAME TO scans;
CREATE INDEX scans_placed ON scans (serial, scanned_at) WHERE lat_tenths IS NOT NULL;
