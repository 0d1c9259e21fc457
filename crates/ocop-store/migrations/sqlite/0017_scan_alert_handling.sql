-- Xử lý cảnh báo: an alert marked handled keeps when, by whom and what was done; NULL while
-- it is open.
ALTER TABLE scan_alerts ADD COLUMN handled_at TEXT;
ALTER TABLE scan_alerts ADD COLUMN handled_by TEXT;
ALTER TABLE scan_alerts ADD COLUMN handling_note TEXT;
