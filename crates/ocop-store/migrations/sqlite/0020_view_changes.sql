-- The change log of what stamp pages show and which stamps exist, written by triggers, so that
-- every change is logged whichever process makes it (a server, the CLI, an import, plain SQL).
-- Each server's resolver reads it every second: it drops the lot views a change touches and
-- reloads the series when one is issued or a key changes.

CREATE TABLE view_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('lot', 'product', 'producer', 'series')),
    -- The lot, product or producer; none for a series.
    ref_id BLOB
);

CREATE TRIGGER lots_view_change AFTER UPDATE ON lots BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('lot', NEW.id);
END;
CREATE TRIGGER lot_materials_view_insert AFTER INSERT ON lot_materials BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('lot', NEW.lot_id);
END;
CREATE TRIGGER lot_materials_view_update AFTER UPDATE ON lot_materials BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('lot', NEW.lot_id);
END;
CREATE TRIGGER lot_materials_view_delete AFTER DELETE ON lot_materials BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('lot', OLD.lot_id);
END;
CREATE TRIGGER lot_tests_view_insert AFTER INSERT ON lot_tests BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('lot', NEW.lot_id);
END;
CREATE TRIGGER lot_tests_view_update AFTER UPDATE ON lot_tests BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('lot', NEW.lot_id);
END;
CREATE TRIGGER lot_tests_view_delete AFTER DELETE ON lot_tests BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('lot', OLD.lot_id);
END;
-- Only the product's columns a stamp page shows: the search columns change far more often.
CREATE TRIGGER products_view_change AFTER UPDATE OF
    name, status, product_code, gtin, story, stars, stars_demo, certificate_ref, province_code,
    producer_id
ON products BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('product', NEW.id);
END;
CREATE TRIGGER producers_view_change AFTER UPDATE OF name ON producers BEGIN
    INSERT INTO view_changes (kind, ref_id) VALUES ('producer', NEW.id);
END;
CREATE TRIGGER stamp_series_view_change AFTER INSERT ON stamp_series BEGIN
    INSERT INTO view_changes (kind) VALUES ('series');
END;
CREATE TRIGGER stamp_keys_view_insert AFTER INSERT ON stamp_keys BEGIN
    INSERT INTO view_changes (kind) VALUES ('series');
END;
CREATE TRIGGER stamp_keys_view_update AFTER UPDATE ON stamp_keys BEGIN
    INSERT INTO view_changes (kind) VALUES ('series');
END;
