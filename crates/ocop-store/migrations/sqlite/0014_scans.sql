-- Scans of stamps (lượt quét tem), the count per serial, the alerts raised from them and the
-- problems consumers report from a stamp's page. Written by the resolver's one batching
-- writer (scans, counts, alerts) and by the report use case.

CREATE TABLE scans (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    scanned_at TEXT NOT NULL,
    serial TEXT NOT NULL,
    series_no INTEGER NOT NULL,
    -- NULL for a validly tagged code of a series never issued (a key-leak alert).
    lot_id BLOB REFERENCES lots (id),
    -- Coarse place the consumer chose to share, in tenths of a degree; NULL when not shared.
    lat_tenths INTEGER,
    lon_tenths INTEGER,
    -- The province whose centroid is nearest that place (approximate); NULL when not shared.
    place_province INTEGER,
    agent TEXT NOT NULL CHECK (agent IN ('android', 'ios', 'desktop', 'bot', 'other')),
    demo INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scans_time ON scans (scanned_at);
CREATE INDEX scans_lot ON scans (lot_id, scanned_at);
CREATE INDEX scans_serial ON scans (serial, scanned_at);

CREATE TABLE scan_counts (
    serial TEXT PRIMARY KEY NOT NULL,
    series_no INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL
);

CREATE TABLE scan_alerts (
    id BLOB PRIMARY KEY NOT NULL,
    serial TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('many_scans', 'far_apart', 'never_issued', 'after_expiry')),
    series_no INTEGER NOT NULL,
    lot_id BLOB REFERENCES lots (id),
    detail TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    demo INTEGER NOT NULL DEFAULT 0,
    -- One alert per serial and kind: a copied stamp scanned 500 times is one alert.
    UNIQUE (serial, kind)
);
CREATE INDEX scan_alerts_time ON scan_alerts (raised_at);

CREATE TABLE consumer_reports (
    id BLOB PRIMARY KEY NOT NULL,
    serial TEXT NOT NULL,
    lot_id BLOB NOT NULL REFERENCES lots (id),
    kind TEXT NOT NULL CHECK (kind IN ('counterfeit', 'quality', 'other')),
    message TEXT NOT NULL,
    phone TEXT,
    reported_at TEXT NOT NULL,
    demo INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX consumer_reports_lot ON consumer_reports (lot_id, reported_at);
CREATE INDEX consumer_reports_time ON consumer_reports (reported_at);
