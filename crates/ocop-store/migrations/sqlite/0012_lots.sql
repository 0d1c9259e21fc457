-- Lots (lô sản phẩm) of products, their raw materials, lab tests and the append-only log of
-- their traceability events (EPCIS 2.0 ObjectEvents).

CREATE TABLE lots (
    id BLOB PRIMARY KEY NOT NULL,
    product_id BLOB NOT NULL REFERENCES products (id),
    lot_number TEXT NOT NULL,
    produced_on TEXT NOT NULL,
    expires_on TEXT,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit TEXT NOT NULL,
    storage_notes TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'recalled')),
    recall_reason TEXT,
    recalled_at TEXT,
    demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (product_id, lot_number)
);

CREATE TABLE lot_materials (
    id BLOB PRIMARY KEY NOT NULL,
    lot_id BLOB NOT NULL REFERENCES lots (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    supplier TEXT,
    origin TEXT,
    certification TEXT,
    UNIQUE (lot_id, position)
);

-- Lab test reports: the file is content-addressed on disk like product photos.
CREATE TABLE lot_tests (
    id BLOB PRIMARY KEY NOT NULL,
    lot_id BLOB NOT NULL REFERENCES lots (id),
    lab_name TEXT NOT NULL,
    tested_on TEXT NOT NULL,
    -- Key results: a JSON list of {name, value, unit}.
    results TEXT NOT NULL,
    sha256 TEXT,
    content_type TEXT,
    size_bytes INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX lot_tests_lot ON lot_tests (lot_id, created_at);

CREATE TABLE lot_events (
    id BLOB PRIMARY KEY NOT NULL,
    lot_id BLOB NOT NULL REFERENCES lots (id),
    action TEXT NOT NULL CHECK (action IN ('ADD', 'OBSERVE', 'DELETE')),
    biz_step TEXT NOT NULL,
    disposition TEXT NOT NULL,
    event_time TEXT NOT NULL,
    record_time TEXT NOT NULL,
    read_point TEXT,
    biz_location TEXT,
    quantity INTEGER,
    -- Stamp serials: a JSON list.
    serials TEXT NOT NULL DEFAULT '[]',
    corrects_event_id BLOB REFERENCES lot_events (id),
    correction_reason TEXT,
    recorded_by TEXT NOT NULL
);
CREATE INDEX lot_events_lot ON lot_events (lot_id, record_time);

-- The event log is append-only: corrections are new events, never edits.
CREATE TRIGGER lot_events_no_update BEFORE UPDATE ON lot_events BEGIN
    SELECT RAISE(ABORT, 'lot_events is append-only');
END;
CREATE TRIGGER lot_events_no_delete BEFORE DELETE ON lot_events BEGIN
    SELECT RAISE(ABORT, 'lot_events is append-only');
END;
