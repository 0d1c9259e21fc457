-- The catalogue's search table: one narrow row per product, written by the store in the
-- same transaction as the product (and its producer), so that matching, ranking and counting
-- never read the wide product rows. The *_words columns hold folded words between spaces
-- (' mat ong tien yen '), so that ' w ' inside is a whole word and ' w' a word's
-- start; the *_lower columns hold the same fields' words with their marks. The rows are built from
-- the products by the data migration that follows (folding is done in Rust).
CREATE TABLE product_search (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BLOB NOT NULL UNIQUE REFERENCES products (id),
    producer_id BLOB NOT NULL,
    status TEXT NOT NULL,
    province_code INTEGER NOT NULL,
    commune_code INTEGER,
    category TEXT NOT NULL,
    stars INTEGER,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    name_words TEXT NOT NULL,
    producer_words TEXT NOT NULL,
    -- The product group, the scoring sheet's title and the place.
    other_words TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    producer_lower TEXT NOT NULL,
    other_lower TEXT NOT NULL
);
CREATE INDEX product_search_catalogue ON product_search (status, province_code, category, stars);
-- Browsing walks this index in name order and stops at the page.
CREATE INDEX product_search_name ON product_search (status, name_fold, name, product_id);
CREATE INDEX product_search_producer ON product_search (producer_id);

CREATE VIRTUAL TABLE product_search_fts USING fts5 (
    name_words, producer_words, other_words,
    content = 'product_search', content_rowid = 'seq', prefix = '2 3 4'
);
CREATE TRIGGER product_search_fts_insert AFTER INSERT ON product_search BEGIN
    INSERT INTO product_search_fts (rowid, name_words, producer_words, other_words)
    VALUES (new.seq, new.name_words, new.producer_words, new.other_words);
END;
CREATE TRIGGER product_search_fts_delete AFTER DELETE ON product_search BEGIN
    INSERT INTO product_search_fts (product_search_fts, rowid, name_words, producer_words, other_words)
    VALUES ('delete', old.seq, old.name_words, old.producer_words, old.other_words);
END;
CREATE TRIGGER product_search_fts_update AFTER UPDATE OF name_words, producer_words, other_words ON product_search BEGIN
    INSERT INTO product_search_fts (product_search_fts, rowid, name_words, producer_words, other_words)
    VALUES ('delete', old.seq, old.name_words, old.producer_words, old.other_words);
    INSERT INTO product_search_fts (rowid, name_words, producer_words, other_words)
    VALUES (new.seq, new.name_words, new.producer_words, new.other_words);
END;

-- The catalogue searched the wide product rows before; the back-office list keeps
-- products.search_fold.
DROP TRIGGER products_fts_insert;
DROP TRIGGER products_fts_delete;
DROP TRIGGER products_fts_update;
DROP TABLE products_fts;
ALTER TABLE products DROP COLUMN search_lower;
