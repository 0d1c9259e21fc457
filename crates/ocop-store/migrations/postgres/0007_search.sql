-- The catalogue's search table: one narrow row per product, written by the store in the
-- same transaction as the product (and its producer), so that matching, ranking and counting
-- never read the wide product rows. The *_words columns hold folded words between spaces
-- (' mat ong tien yen '), so that ' w ' inside is a whole word and ' w' a word's
-- start; the *_lower columns hold the same fields' words with their marks. The rows are built from
-- the products by the data migration that follows (folding is done in Rust).
CREATE TABLE product_search (
    product_id UUID PRIMARY KEY NOT NULL REFERENCES products (id),
    producer_id UUID NOT NULL,
    status TEXT NOT NULL,
    province_code BIGINT NOT NULL,
    commune_code BIGINT,
    category TEXT NOT NULL,
    stars BIGINT,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    name_words TEXT NOT NULL,
    producer_words TEXT NOT NULL,
    -- The product group, the scoring sheet's title and the place.
    other_words TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    producer_lower TEXT NOT NULL,
    other_lower TEXT NOT NULL,
    words_tsv TSVECTOR GENERATED ALWAYS AS
        (to_tsvector('simple', name_words || producer_words || other_words)) STORED,
    -- The product's own name alone: the products holding every word in their name rank
    -- first, and the index finds them without ranking the others.
    name_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', name_words)) STORED
);
CREATE INDEX product_search_words ON product_search USING GIN (words_tsv);
CREATE INDEX product_search_name_words ON product_search USING GIN (name_tsv);
CREATE INDEX product_search_catalogue ON product_search (status, province_code, category, stars);
-- Browsing walks this index in name order and stops at the page.
CREATE INDEX product_search_name ON product_search (status, name_fold, name, product_id);
CREATE INDEX product_search_producer ON product_search (producer_id);

-- The catalogue searched the wide product rows before; the back-office list keeps
-- products.search_fold.
DROP INDEX products_search;
ALTER TABLE products DROP COLUMN search_tsv;
ALTER TABLE products DROP COLUMN search_lower;
