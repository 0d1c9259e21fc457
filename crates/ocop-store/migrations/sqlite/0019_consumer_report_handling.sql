-- Xử lý báo cáo: a consumer's report marked handled keeps when, by whom and what was done, as
-- an alert does (0017); NULL while it is open.
ALTER TABLE consumer_reports ADD COLUMN handled_at TEXT;
ALTER TABLE consumer_reports ADD COLUMN handled_by TEXT;
ALTER TABLE consumer_reports ADD COLUMN handling_note TEXT;
