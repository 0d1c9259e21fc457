-- A record of an old commune (structure 2025-01) sits in its default successor commune; when
-- that commune was divided, the choice is unconfirmed (0) until a provincial official
-- confirms it or picks another successor.
ALTER TABLE producers ADD COLUMN successor_confirmed INTEGER NOT NULL DEFAULT 1;
