-- Hồ sơ sản phẩm (SQLite): a producer's dossier for one product (Mẫu 01 registration and
-- Mẫu 02 self-assessment), its evidence files, the frozen version of each filing, the
-- commune's returns, and the commune's running receipt numbers.

CREATE TABLE dossiers (
    id BLOB PRIMARY KEY NOT NULL,
    product_id BLOB NOT NULL REFERENCES products (id),
    producer_id BLOB NOT NULL REFERENCES producers (id),
    kind TEXT NOT NULL CHECK (kind IN ('first_time', 'upgrade', 're_evaluation')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'resubmitted', 'accepted', 'proposed', 'withdrawn')),
    -- Optimistic concurrency: every change adds one; an action names the revision it saw.
    revision INTEGER NOT NULL,
    criteria_version TEXT NOT NULL,
    sheet INTEGER NOT NULL,
    year INTEGER NOT NULL,
    province_code INTEGER NOT NULL,
    commune_code INTEGER,
    -- Mẫu 01 and Mẫu 02 parts I, II, IV.
    registration_json TEXT NOT NULL,
    report_json TEXT NOT NULL,
    -- Mẫu 02 part III and what the engine made of it.
    self_score_json TEXT,
    self_total INTEGER,
    self_stars INTEGER,
    receipt_seq INTEGER,
    receipt_number TEXT UNIQUE,
    first_submitted_at TEXT,
    -- The latest filing: the commune's 15 working days run from its day.
    received_at TEXT,
    -- Mẫu 03 and the letter to the province.
    commune_report_json TEXT,
    accepted_at TEXT,
    letter_json TEXT,
    proposed_at TEXT,
    withdrawn_at TEXT,
    demo INTEGER NOT NULL DEFAULT 0,
    created_by BLOB REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX dossiers_commune ON dossiers (commune_code, state, received_at);
CREATE INDEX dossiers_province ON dossiers (province_code, year, state);
CREATE INDEX dossiers_producer ON dossiers (producer_id);
CREATE INDEX dossiers_product ON dossiers (product_id);

-- The commune's running number of dossiers received per year (số phiếu tiếp nhận).
CREATE TABLE dossier_receipt_counters (
    commune_code INTEGER NOT NULL,
    year INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (commune_code, year)
);

-- Evidence files (minh chứng): content-addressed on disk (sha256); metadata here.
CREATE TABLE dossier_evidence (
    id BLOB PRIMARY KEY NOT NULL,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- The criteria (ids of the dossier's sheet) the file proves, as a JSON array.
    criteria_json TEXT NOT NULL,
    demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX dossier_evidence_dossier ON dossier_evidence (dossier_id, created_at);
CREATE INDEX dossier_evidence_sha ON dossier_evidence (sha256);

-- What was filed, frozen at each submission and resubmission; never changed or removed.
CREATE TABLE dossier_versions (
    id BLOB PRIMARY KEY NOT NULL,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    number INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('submit', 'resubmit')),
    kind TEXT NOT NULL,
    criteria_version TEXT NOT NULL,
    sheet INTEGER NOT NULL,
    registration_json TEXT NOT NULL,
    report_json TEXT NOT NULL,
    self_score_json TEXT NOT NULL,
    self_total INTEGER NOT NULL,
    self_stars INTEGER NOT NULL,
    evidence_json TEXT NOT NULL,
    created_by BLOB REFERENCES users (id),
    created_at TEXT NOT NULL,
    UNIQUE (dossier_id, number)
);
-- The files each version holds, so that a file still held is never removed from disk.
CREATE TABLE dossier_version_files (
    version_id BLOB NOT NULL REFERENCES dossier_versions (id),
    sha256 TEXT NOT NULL,
    PRIMARY KEY (version_id, sha256)
);
CREATE INDEX dossier_version_files_sha ON dossier_version_files (sha256);
CREATE TRIGGER dossier_versions_no_update BEFORE UPDATE ON dossier_versions
BEGIN SELECT RAISE(ABORT, 'dossier versions are immutable'); END;
CREATE TRIGGER dossier_versions_no_delete BEFORE DELETE ON dossier_versions
BEGIN SELECT RAISE(ABORT, 'dossier versions are immutable'); END;
CREATE TRIGGER dossier_version_files_no_update BEFORE UPDATE ON dossier_version_files
BEGIN SELECT RAISE(ABORT, 'dossier versions are immutable'); END;
CREATE TRIGGER dossier_version_files_no_delete BEFORE DELETE ON dossier_version_files
BEGIN SELECT RAISE(ABORT, 'dossier versions are immutable'); END;

-- The commune's returns: the reasons per item, against the version returned.
CREATE TABLE dossier_returns (
    id BLOB PRIMARY KEY NOT NULL,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    version_number INTEGER NOT NULL,
    reasons_json TEXT NOT NULL,
    returned_by BLOB REFERENCES users (id),
    returned_at TEXT NOT NULL
);
CREATE INDEX dossier_returns_dossier ON dossier_returns (dossier_id, returned_at);
