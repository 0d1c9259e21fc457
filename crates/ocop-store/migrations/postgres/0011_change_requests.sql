-- Change requests (yêu cầu thay đổi thông tin sản phẩm): a producer's proposed values for an
-- active product, applied when an official of its unit approves. `base_json` is the product's
-- data the request was based on (with `base_updated_at`, its version); `revision` counts the
-- producer's revisions, so that an approval applies only what the official saw.
CREATE TABLE change_requests (
    id UUID PRIMARY KEY NOT NULL,
    product_id UUID NOT NULL REFERENCES products (id),
    state TEXT NOT NULL CHECK (state IN ('open', 'approved', 'rejected', 'withdrawn')),
    revision BIGINT NOT NULL,
    base_updated_at TIMESTAMPTZ NOT NULL,
    base_json TEXT NOT NULL,
    proposed_json TEXT NOT NULL,
    note TEXT,
    reason TEXT,
    proposed_by UUID,
    proposed_by_label TEXT NOT NULL,
    decided_by UUID,
    decided_by_label TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ
);
-- One open request per product.
CREATE UNIQUE INDEX change_requests_one_open ON change_requests (product_id) WHERE state = 'open';
CREATE INDEX change_requests_product ON change_requests (product_id, created_at);
CREATE INDEX change_requests_state ON change_requests (state, created_at);
