-- The yearly OCOP cycle of a province (chu trình OCOP thường niên), its idea registrations,
-- business plans with their comments, and the support recorded against approved plans.
CREATE TABLE cycles (
    id BLOB PRIMARY KEY NOT NULL,
    province_code INTEGER NOT NULL,
    year INTEGER NOT NULL,
    workflow_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (province_code, year)
);

-- The six steps' planned dates, one row per step.
CREATE TABLE cycle_steps (
    cycle_id BLOB NOT NULL REFERENCES cycles (id),
    step TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    PRIMARY KEY (cycle_id, step)
);

CREATE TABLE ideas (
    id BLOB PRIMARY KEY NOT NULL,
    cycle_id BLOB NOT NULL REFERENCES cycles (id),
    province_code INTEGER NOT NULL,
    commune_code INTEGER NOT NULL,
    -- NULL: a would-be producer with no account, named by applicant_name/phone.
    producer_id BLOB REFERENCES producers (id),
    applicant_name TEXT,
    applicant_phone TEXT,
    product_kind TEXT NOT NULL,
    product_id BLOB REFERENCES products (id),
    product_name TEXT NOT NULL,
    raw_materials TEXT NOT NULL,
    market TEXT NOT NULL,
    -- Help kinds, comma-separated keys.
    help TEXT NOT NULL,
    help_other TEXT,
    state TEXT NOT NULL,
    screen_note TEXT,
    decline_reason TEXT,
    filed_by BLOB,
    screened_at TEXT,
    decided_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ideas_cycle ON ideas (cycle_id, commune_code);
CREATE INDEX ideas_province ON ideas (province_code, state, created_at);
CREATE INDEX ideas_commune ON ideas (commune_code, state);
CREATE INDEX ideas_producer ON ideas (producer_id);

-- One plan per selected idea.
CREATE TABLE business_plans (
    id BLOB PRIMARY KEY NOT NULL,
    idea_id BLOB NOT NULL UNIQUE REFERENCES ideas (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    goals TEXT NOT NULL,
    investment INTEGER NOT NULL CHECK (investment >= 0),
    timeline TEXT NOT NULL,
    market TEXT NOT NULL,
    -- The attached file, content-addressed on disk.
    attachment_sha256 TEXT,
    attachment_type TEXT,
    attachment_name TEXT,
    attachment_size INTEGER,
    state TEXT NOT NULL,
    return_reason TEXT,
    submitted_at TEXT,
    approved_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX business_plans_state ON business_plans (state, updated_at);

CREATE TABLE business_plan_comments (
    id BLOB PRIMARY KEY NOT NULL,
    plan_id BLOB NOT NULL REFERENCES business_plans (id),
    author_id BLOB,
    author_label TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX business_plan_comments_plan ON business_plan_comments (plan_id, created_at);

CREATE TABLE support_records (
    id BLOB PRIMARY KEY NOT NULL,
    plan_id BLOB NOT NULL REFERENCES business_plans (id),
    kind TEXT NOT NULL,
    given_on TEXT NOT NULL,
    description TEXT NOT NULL,
    cost INTEGER NOT NULL CHECK (cost >= 0),
    funding_source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX support_records_plan ON support_records (plan_id, given_on);
