-- Tenants write their own event types (POST, PUT with compatible schemas, DELETE retires).
ALTER TABLE event_types ADD COLUMN updated_at TIMESTAMPTZ DEFAULT now();
ALTER TABLE event_types ADD COLUMN retired_at TIMESTAMPTZ;
UPDATE event_types SET updated_at = created_at;
ALTER TABLE event_types ALTER COLUMN updated_at SET NOT NULL;
