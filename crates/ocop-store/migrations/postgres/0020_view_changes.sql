-- The change log of what stamp pages show and which stamps exist, written by triggers, so that
-- every change is logged whichever process makes it (a server, the CLI, an import, plain SQL).
-- Each server's resolver reads it every second: it drops the lot views a change touches and
-- reloads the series when one is issued or a key changes.

CREATE TABLE view_changes (
    seq BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('lot', 'product', 'producer', 'series')),
    -- The lot, product or producer; none for a series.
    ref_id UUID
);

-- TG_ARGV[0]: the kind; TG_ARGV[1]: the column naming the lot, product or producer (none for
-- a series).
CREATE FUNCTION log_view_change() RETURNS trigger AS $$
DECLARE
    changed RECORD;
    ref UUID;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    IF TG_NARGS > 1 THEN
        ref := (to_jsonb(changed) ->> TG_ARGV[1])::uuid;
    END IF;
    INSERT INTO view_changes (kind, ref_id) VALUES (TG_ARGV[0], ref);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER lots_view_change AFTER UPDATE ON lots
    FOR EACH ROW EXECUTE FUNCTION log_view_change('lot', 'id');
CREATE TRIGGER lot_materials_view_change AFTER INSERT OR UPDATE OR DELETE ON lot_materials
    FOR EACH ROW EXECUTE FUNCTION log_view_change('lot', 'lot_id');
CREATE TRIGGER lot_tests_view_change AFTER INSERT OR UPDATE OR DELETE ON lot_tests
    FOR EACH ROW EXECUTE FUNCTION log_view_change('lot', 'lot_id');
-- Only the product's columns a stamp page shows: the search columns change far more often.
CREATE TRIGGER products_view_change AFTER UPDATE OF
    name, status, product_code, gtin, story, stars, stars_demo, certificate_ref, province_code,
    producer_id
ON products FOR EACH ROW EXECUTE FUNCTION log_view_change('product', 'id');
CREATE TRIGGER producers_view_change AFTER UPDATE OF name ON producers
    FOR EACH ROW EXECUTE FUNCTION log_view_change('producer', 'id');
CREATE TRIGGER stamp_series_view_change AFTER INSERT ON stamp_series
    FOR EACH ROW EXECUTE FUNCTION log_view_change('series');
CREATE TRIGGER stamp_keys_view_change AFTER INSERT OR UPDATE ON stamp_keys
    FOR EACH ROW EXECUTE FUNCTION log_view_change('series');
