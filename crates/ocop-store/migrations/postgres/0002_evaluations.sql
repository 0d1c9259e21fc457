-- Saved scoring results (PostgreSQL): a producer's self-assessment (Mẫu 02 part III) or an
-- official's / council member's score, with the answers and the engine's full result.

CREATE TABLE evaluations (
    id UUID PRIMARY KEY NOT NULL,
    product_id UUID NOT NULL REFERENCES products (id),
    kind TEXT NOT NULL CHECK (kind IN ('self_assessment', 'official')),
    version TEXT NOT NULL,
    sheet BIGINT NOT NULL,
    answers_json TEXT NOT NULL,
    result_json TEXT NOT NULL,
    stars BIGINT NOT NULL,
    -- The mean total kept exact: total_sum / total_count.
    total_sum BIGINT NOT NULL,
    total_count BIGINT NOT NULL,
    created_by UUID REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX evaluations_product ON evaluations (product_id, created_at);
