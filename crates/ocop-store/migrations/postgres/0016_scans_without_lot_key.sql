-- The scan log without its foreign key to lots: checking it cost the writer a probe of the
-- lots' index per scan, about as much as writing the scan itself. A scan's lot comes from its
-- issued series (which keeps its own key to lots), and lots are never deleted, so the log
-- keeps nothing the key would have refused.

ALTER TABLE scans DROP CONSTRAINT scans_lot_id_fkey;
