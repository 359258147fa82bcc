-- system/http-request also takes its headers as a string holding a JSON object, as the Workflow
-- Builder writes them ("headers": "{\"Authorization\": \"Bearer ...\"}"); the function parses it.
UPDATE functions
SET input_schema = jsonb_set(
        input_schema, '{properties,headers}',
        '{"type": ["object", "string"], "additionalProperties": {"type": "string"},
          "description": "Header values by name, or a string holding such an object as JSON."}'),
    updated_at = now()
WHERE tenant = '*' AND slug = 'system/http-request';
