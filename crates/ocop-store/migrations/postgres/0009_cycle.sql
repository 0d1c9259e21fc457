-- The yearly OCOP cycle of a province (chu trình OCOP thường niên), its idea registrations,
-- business plans with their comments, and the support recorded against approved plans.
CREATE TABLE cycles (
    id UUID PRIMARY KEY NOT NULL,
    province_code BIGINT NOT NULL,
    year BIGINT NOT NULL,
    workflow_version TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (province_code, year)
);

-- The six steps' planned dates, one row per step.
CREATE TABLE cycle_steps (
    cycle_id UUID NOT NULL REFERENCES cycles (id),
    step TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    PRIMARY KEY (cycle_id, step)
);

CREATE TABLE ideas (
    id UUID PRIMARY KEY NOT NULL,
    cycle_id UUID NOT NULL REFERENCES cycles (id),
    province_code BIGINT NOT NULL,
    commune_code BIGINT NOT NULL,
    -- NULL: a would-be producer with no account, named by applicant_name/phone.
    producer_id UUID REFERENCES producers (id),
    applicant_name TEXT,
    applicant_phone TEXT,
    product_kind TEXT NOT NULL,
    product_id UUID REFERENCES products (id),
    product_name TEXT NOT NULL,
    raw_materials TEXT NOT NULL,
    market TEXT NOT NULL,
    -- Help kinds, comma-separated keys.
    help TEXT NOT NULL,
    help_other TEXT,
    state TEXT NOT NULL,
    screen_note TEXT,
    decline_reason TEXT,
    filed_by UUID,
    screened_at TIMESTAMPTZ,
    decided_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ideas_cycle ON ideas (cycle_id, commune_code);
CREATE INDEX ideas_province ON ideas (province_code, state, created_at);
CREATE INDEX ideas_commune ON ideas (commune_code, state);
CREATE INDEX ideas_producer ON ideas (producer_id);

-- One plan per selected idea.
CREATE TABLE business_plans (
    id UUID PRIMARY KEY NOT NULL,
    idea_id UUID NOT NULL UNIQUE REFERENCES ideas (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    goals TEXT NOT NULL,
    investment BIGINT NOT NULL CHECK (investment >= 0),
    timeline TEXT NOT NULL,
    market TEXT NOT NULL,
    -- The attached file, content-addressed on disk.
    attachment_sha256 TEXT,
    attachment_type TEXT,
    attachment_name TEXT,
    attachment_size BIGINT,
    state TEXT NOT NULL,
    return_reason TEXT,
    submitted_at TIMESTAMPTZ,
    approved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX business_plans_state ON business_plans (state, updated_at);

CREATE TABLE business_plan_comments (
    id UUID PRIMARY KEY NOT NULL,
    plan_id UUID NOT NULL REFERENCES business_plans (id),
    author_id UUID,
    author_label TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX business_plan_comments_plan ON business_plan_comments (plan_id, created_at);

CREATE TABLE support_records (
    id UUID PRIMARY KEY NOT NULL,
    plan_id UUID NOT NULL REFERENCES business_plans (id),
    kind TEXT NOT NULL,
    given_on DATE NOT NULL,
    description TEXT NOT NULL,
    cost BIGINT NOT NULL CHECK (cost >= 0),
    funding_source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX support_records_plan ON support_records (plan_id, given_on);
