-- The lock and the door (cover) state each report gives, beside the seal: an unlock or an opened box shows in the
-- track, not only in the raw archive.
ALTER TABLE reports ADD COLUMN lock_state VARCHAR(16) DEFAULT 'UNKNOWN' NOT NULL;
ALTER TABLE reports ADD COLUMN door_state VARCHAR(16) DEFAULT 'UNKNOWN' NOT NULL;
