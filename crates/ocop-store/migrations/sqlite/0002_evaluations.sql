-- Saved scoring results (SQLite): a producer's self-assessment (Mẫu 02 part III) or an
-- official's / council member's score, with the answers and the engine's full result.

CREATE TABLE evaluations (
    id BLOB PRIMARY KEY NOT NULL,
    product_id BLOB NOT NULL REFERENCES products (id),
    kind TEXT NOT NULL CHECK (kind IN ('self_assessment', 'official')),
    version TEXT NOT NULL,
    sheet INTEGER NOT NULL,
    answers_json TEXT NOT NULL,
    result_json TEXT NOT NULL,
    stars INTEGER NOT NULL,
    -- The mean total kept exact: total_sum / total_count.
    total_sum INTEGER NOT NULL,
    total_count INTEGER NOT NULL,
    created_by BLOB REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX evaluations_product ON evaluations (product_id, created_at);
