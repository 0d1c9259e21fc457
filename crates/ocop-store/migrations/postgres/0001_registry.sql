-- Registry of producers and products, accounts, sessions, audit log (PostgreSQL).

CREATE TABLE producers (
    id UUID PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    -- Folded name, tax code and place: what the producer list searches.
    search_fold TEXT NOT NULL,
    tax_code TEXT NOT NULL UNIQUE,
    representative_name TEXT NOT NULL,
    representative_gender TEXT NOT NULL,
    representative_ethnic_minority BOOLEAN NOT NULL,
    representative_disability BOOLEAN NOT NULL,
    phone TEXT,
    email TEXT,
    unit_structure TEXT NOT NULL,
    unit_level TEXT NOT NULL,
    unit_code BIGINT NOT NULL,
    province_code BIGINT NOT NULL,
    commune_code BIGINT,
    street TEXT,
    community_capital_percent BIGINT,
    status TEXT NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX producers_province ON producers (province_code, name_fold);
CREATE INDEX producers_commune ON producers (commune_code);

CREATE TABLE products (
    seq BIGSERIAL UNIQUE,
    id UUID PRIMARY KEY NOT NULL,
    producer_id UUID NOT NULL REFERENCES producers (id),
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    search_lower TEXT NOT NULL,
    search_fold TEXT NOT NULL,
    search_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_fold)) STORED,
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
    stars BIGINT,
    stars_demo BOOLEAN NOT NULL DEFAULT FALSE,
    certificate_ref TEXT,
    legacy_unit_code BIGINT,
    unit_structure TEXT NOT NULL,
    unit_level TEXT NOT NULL,
    unit_code BIGINT NOT NULL,
    province_code BIGINT NOT NULL,
    commune_code BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX products_producer ON products (producer_id);
CREATE INDEX products_catalogue ON products (status, province_code, category, stars);
CREATE INDEX products_name ON products (name_fold);
CREATE INDEX products_status_name ON products (status, name_fold, name);
CREATE INDEX products_search ON products USING GIN (search_tsv);

CREATE TABLE commune_counters (
    commune_code BIGINT PRIMARY KEY NOT NULL,
    last_number BIGINT NOT NULL
);

CREATE TABLE users (
    id UUID PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    province_code BIGINT,
    commune_code BIGINT,
    producer_id UUID REFERENCES producers (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id UUID NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    seq BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    actor_id UUID,
    actor_label TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id UUID NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, seq);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY NOT NULL,
    hash TEXT NOT NULL,
    length BIGINT NOT NULL
);
INSERT INTO audit_head (id, hash, length) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000', 0);
