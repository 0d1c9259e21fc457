-- Lots (lô sản phẩm) of products, their raw materials, lab tests and the append-only log of
-- their traceability events (EPCIS 2.0 ObjectEvents).

CREATE TABLE lots (
    id UUID PRIMARY KEY NOT NULL,
    product_id UUID NOT NULL REFERENCES products (id),
    lot_number TEXT NOT NULL,
    produced_on DATE NOT NULL,
    expires_on DATE,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    unit TEXT NOT NULL,
    storage_notes TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'recalled')),
    recall_reason TEXT,
    recalled_at TIMESTAMPTZ,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (product_id, lot_number)
);

CREATE TABLE lot_materials (
    id UUID PRIMARY KEY NOT NULL,
    lot_id UUID NOT NULL REFERENCES lots (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    supplier TEXT,
    origin TEXT,
    certification TEXT,
    UNIQUE (lot_id, position)
);

-- Lab test reports: the file is content-addressed on disk like product photos.
CREATE TABLE lot_tests (
    id UUID PRIMARY KEY NOT NULL,
    lot_id UUID NOT NULL REFERENCES lots (id),
    lab_name TEXT NOT NULL,
    tested_on DATE NOT NULL,
    -- Key results: a JSON list of {name, value, unit}.
    results TEXT NOT NULL,
    sha256 TEXT,
    content_type TEXT,
    size_bytes BIGINT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX lot_tests_lot ON lot_tests (lot_id, created_at);

CREATE TABLE lot_events (
    id UUID PRIMARY KEY NOT NULL,
    lot_id UUID NOT NULL REFERENCES lots (id),
    action TEXT NOT NULL CHECK (action IN ('ADD', 'OBSERVE', 'DELETE')),
    biz_step TEXT NOT NULL,
    disposition TEXT NOT NULL,
    event_time TIMESTAMPTZ NOT NULL,
    record_time TIMESTAMPTZ NOT NULL,
    read_point TEXT,
    biz_location TEXT,
    quantity BIGINT,
    -- Stamp serials: a JSON list.
    serials TEXT NOT NULL DEFAULT '[]',
    corrects_event_id UUID REFERENCES lot_events (id),
    correction_reason TEXT,
    recorded_by TEXT NOT NULL
);
CREATE INDEX lot_events_lot ON lot_events (lot_id, record_time);

-- The event log is append-only: corrections are new events, never edits.
CREATE FUNCTION lot_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'lot_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER lot_events_no_change BEFORE UPDATE OR DELETE ON lot_events
    FOR EACH ROW EXECUTE FUNCTION lot_events_append_only();
