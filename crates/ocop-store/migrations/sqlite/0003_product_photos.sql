-- Product photos: files are content-addressed on disk (sha256); metadata here.
CREATE TABLE product_photos (
    id BLOB PRIMARY KEY NOT NULL,
    product_id BLOB NOT NULL REFERENCES products (id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX product_photos_product ON product_photos (product_id, created_at);
