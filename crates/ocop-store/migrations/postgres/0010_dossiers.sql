-- Hồ sơ sản phẩm (PostgreSQL): a producer's dossier for one product (Mẫu 01 registration and
-- Mẫu 02 self-assessment), its evidence files, the frozen version of each filing, the
-- commune's returns, and the commune's running receipt numbers.

CREATE TABLE dossiers (
    id UUID PRIMARY KEY NOT NULL,
    product_id UUID NOT NULL REFERENCES products (id),
    producer_id UUID NOT NULL REFERENCES producers (id),
    kind TEXT NOT NULL CHECK (kind IN ('first_time', 'upgrade', 're_evaluation')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'resubmitted', 'accepted', 'proposed', 'withdrawn')),
    -- Optimistic concurrency: every change adds one; an action names the revision it saw.
    revision BIGINT NOT NULL,
    criteria_version TEXT NOT NULL,
    sheet BIGINT NOT NULL,
    year BIGINT NOT NULL,
    province_code BIGINT NOT NULL,
    commune_code BIGINT,
    -- Mẫu 01 and Mẫu 02 parts I, II, IV.
    registration_json TEXT NOT NULL,
    report_json TEXT NOT NULL,
    -- Mẫu 02 part III and what the engine made of it.
    self_score_json TEXT,
    self_total BIGINT,
    self_stars BIGINT,
    receipt_seq BIGINT,
    receipt_number TEXT UNIQUE,
    first_submitted_at TIMESTAMPTZ,
    -- The latest filing: the commune's 15 working days run from its day.
    received_at TIMESTAMPTZ,
    -- Mẫu 03 and the letter to the province.
    commune_report_json TEXT,
    accepted_at TIMESTAMPTZ,
    letter_json TEXT,
    proposed_at TIMESTAMPTZ,
    withdrawn_at TIMESTAMPTZ,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_by UUID REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossiers_commune ON dossiers (commune_code, state, received_at);
CREATE INDEX dossiers_province ON dossiers (province_code, year, state);
CREATE INDEX dossiers_producer ON dossiers (producer_id);
CREATE INDEX dossiers_product ON dossiers (product_id);

-- The commune's running number of dossiers received per year (số phiếu tiếp nhận).
CREATE TABLE dossier_receipt_counters (
    commune_code BIGINT NOT NULL,
    year BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (commune_code, year)
);

-- Evidence files (minh chứng): content-addressed on disk (sha256); metadata here.
CREATE TABLE dossier_evidence (
    id UUID PRIMARY KEY NOT NULL,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- The criteria (ids of the dossier's sheet) the file proves, as a JSON array.
    criteria_json TEXT NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossier_evidence_dossier ON dossier_evidence (dossier_id, created_at);
CREATE INDEX dossier_evidence_sha ON dossier_evidence (sha256);

-- What was filed, frozen at each submission and resubmission; never changed or removed.
CREATE TABLE dossier_versions (
    id UUID PRIMARY KEY NOT NULL,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    number BIGINT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('submit', 'resubmit')),
    kind TEXT NOT NULL,
    criteria_version TEXT NOT NULL,
    sheet BIGINT NOT NULL,
    registration_json TEXT NOT NULL,
    report_json TEXT NOT NULL,
    self_score_json TEXT NOT NULL,
    self_total BIGINT NOT NULL,
    self_stars BIGINT NOT NULL,
    evidence_json TEXT NOT NULL,
    created_by UUID REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (dossier_id, number)
);
-- The files each version holds, so that a file still held is never removed from disk.
CREATE TABLE dossier_version_files (
    version_id UUID NOT NULL REFERENCES dossier_versions (id),
    sha256 TEXT NOT NULL,
    PRIMARY KEY (version_id, sha256)
);
CREATE INDEX dossier_version_files_sha ON dossier_version_files (sha256);
CREATE FUNCTION dossier_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dossier versions are immutable';
END
$$;
CREATE TRIGGER dossier_versions_immutable BEFORE UPDATE OR DELETE ON dossier_versions
FOR EACH ROW EXECUTE FUNCTION dossier_versions_immutable();
CREATE TRIGGER dossier_version_files_immutable BEFORE UPDATE OR DELETE ON dossier_version_files
FOR EACH ROW EXECUTE FUNCTION dossier_versions_immutable();

-- The commune's returns: the reasons per item, against the version returned.
CREATE TABLE dossier_returns (
    id UUID PRIMARY KEY NOT NULL,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    version_number BIGINT NOT NULL,
    reasons_json TEXT NOT NULL,
    returned_by UUID REFERENCES users (id),
    returned_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossier_returns_dossier ON dossier_returns (dossier_id, returned_at);
