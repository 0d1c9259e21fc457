-- Scans of stamps (lượt quét tem), the count per serial, the alerts raised from them and the
-- problems consumers report from a stamp's page. Written by the resolver's one batching
-- writer (scans, counts, alerts) and by the report use case.

CREATE TABLE scans (
    seq BIGSERIAL PRIMARY KEY,
    scanned_at TIMESTAMPTZ NOT NULL,
    serial TEXT NOT NULL,
    series_no BIGINT NOT NULL,
    -- NULL for a validly tagged code of a series never issued (a key-leak alert).
    lot_id UUID REFERENCES lots (id),
    -- Coarse place the consumer chose to share, in tenths of a degree; NULL when not shared.
    lat_tenths BIGINT,
    lon_tenths BIGINT,
    -- The province whose centroid is nearest that place (approximate); NULL when not shared.
    place_province BIGINT,
    agent TEXT NOT NULL CHECK (agent IN ('android', 'ios', 'desktop', 'bot', 'other')),
    demo BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX scans_time ON scans (scanned_at);
CREATE INDEX scans_lot ON scans (lot_id, scanned_at);
CREATE INDEX scans_serial ON scans (serial, scanned_at);

CREATE TABLE scan_counts (
    serial TEXT PRIMARY KEY NOT NULL,
    series_no BIGINT NOT NULL,
    count BIGINT NOT NULL CHECK (count > 0),
    first_at TIMESTAMPTZ NOT NULL,
    last_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE scan_alerts (
    id UUID PRIMARY KEY NOT NULL,
    serial TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('many_scans', 'far_apart', 'never_issued', 'after_expiry')),
    series_no BIGINT NOT NULL,
    lot_id UUID REFERENCES lots (id),
    detail TEXT NOT NULL,
    raised_at TIMESTAMPTZ NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    -- One alert per serial and kind: a copied stamp scanned 500 times is one alert.
    UNIQUE (serial, kind)
);
CREATE INDEX scan_alerts_time ON scan_alerts (raised_at);

CREATE TABLE consumer_reports (
    id UUID PRIMARY KEY NOT NULL,
    serial TEXT NOT NULL,
    lot_id UUID NOT NULL REFERENCES lots (id),
    kind TEXT NOT NULL CHECK (kind IN ('counterfeit', 'quality', 'other')),
    message TEXT NOT NULL,
    phone TEXT,
    reported_at TIMESTAMPTZ NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX consumer_reports_lot ON consumer_reports (lot_id, reported_at);
CREATE INDEX consumer_reports_time ON consumer_reports (reported_at);
