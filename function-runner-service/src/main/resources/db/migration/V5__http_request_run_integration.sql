-- system/http-request may name one of its run's integrations: the credentials the run was started
-- with under that name are applied as auth headers (ADR 0023). The input carries only the name.
UPDATE functions
SET input_schema = jsonb_set(
        input_schema, '{properties,integration}',
        '{"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
          "description": "An integration of the run''s start request (\"integrations\"), whose credentials are added as auth headers."}'),
    updated_at = now()
WHERE tenant = '*' AND slug = 'system/http-request';
