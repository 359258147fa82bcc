-- A deleted tenant stays as a tombstone: its id is never reused, and a key cached by a replica for a
-- few more seconds is refused like a suspended tenant's.
ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check
    CHECK (status IN ('ACTIVE', 'SUSPENDED', 'DELETED'));
ALTER TABLE tenants ADD COLUMN deleted_at timestamptz;
