-- Registry of producers and products, accounts, sessions, audit log (SQLite).

CREATE TABLE producers (
    id BLOB PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    -- Folded name, tax code and place: what the producer list searches.
    search_fold TEXT NOT NULL,
    tax_code TEXT NOT NULL UNIQUE,
    representative_name TEXT NOT NULL,
    representative_gender TEXT NOT NULL,
    representative_ethnic_minority INTEGER NOT NULL,
    representative_disability INTEGER NOT NULL,
    phone TEXT,
    email TEXT,
    unit_structure TEXT NOT NULL,
    unit_level TEXT NOT NULL,
    unit_code INTEGER NOT NULL,
    province_code INTEGER NOT NULL,
    commune_code INTEGER,
    street TEXT,
    community_capital_percent INTEGER,
    status TEXT NOT NULL,
    demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX producers_province ON producers (province_code, name_fold);
CREATE INDEX producers_commune ON producers (commune_code);

CREATE TABLE products (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id BLOB NOT NULL UNIQUE,
    producer_id BLOB NOT NULL REFERENCES producers (id),
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    search_lower TEXT NOT NULL,
    search_fold TEXT NOT NULL,
    taxonomy_version TEXT NOT NULL,
    classification TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT,
    story TEXT,
    ingredients TEXT,
    packaging TEXT,
    gtin TEXT,
    status TEXT NOT NULL,
    product_code TEXT UNIQUE,
    historical_codes TEXT NOT NULL DEFAULT '[]',
    stars INTEGER,
    stars_demo INTEGER NOT NULL DEFAULT 0,
    certificate_ref TEXT,
    legacy_unit_code INTEGER,
    unit_structure TEXT NOT NULL,
    unit_level TEXT NOT NULL,
    unit_code INTEGER NOT NULL,
    province_code INTEGER NOT NULL,
    commune_code INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX products_producer ON products (producer_id);
CREATE INDEX products_catalogue ON products (status, province_code, category, stars);
CREATE INDEX products_name ON products (name_fold);
-- The public catalogue walks this index in name order and stops at the page.
CREATE INDEX products_status_name ON products (status, name_fold, name);

-- Full-text index over the folded search text; kept in step by triggers.
CREATE VIRTUAL TABLE products_fts USING fts5 (search_fold, content = 'products', content_rowid = 'seq', prefix = '2 3 4');
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, search_fold) VALUES (new.seq, new.search_fold);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, search_fold) VALUES ('delete', old.seq, old.search_fold);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF search_fold ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, search_fold) VALUES ('delete', old.seq, old.search_fold);
    INSERT INTO products_fts (rowid, search_fold) VALUES (new.seq, new.search_fold);
END;

-- The running number (STT) of products per commune, for product codes.
CREATE TABLE commune_counters (
    commune_code INTEGER PRIMARY KEY NOT NULL,
    last_number INTEGER NOT NULL
);

CREATE TABLE users (
    id BLOB PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    province_code INTEGER,
    commune_code INTEGER,
    producer_id BLOB REFERENCES producers (id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_id BLOB,
    actor_label TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, seq);

-- One row: the hash at the head of the audit chain; updating it serialises audit writers.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY NOT NULL,
    hash TEXT NOT NULL,
    length INTEGER NOT NULL
);
INSERT INTO audit_head (id, hash, length) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000', 0);
