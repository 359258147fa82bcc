-- One integration type per provider of the shipped function packs (docs/function-packs.md), so a
-- connection says what it is for ("openai", not "http-bearer"), a pack function can insist on its
-- provider's type, and the health check knows the provider's cheap endpoint (ADR 0050).
--
-- The provider's base URL is not a connection setting: it is the deployment's
-- (flowmesh.integrations.providers.base-urls.<type>), as for the packs. The secret is the one
-- credential each provider's API reference names; it is sent as the provider expects (the
-- integration-service's Providers catalogue says how).

CREATE FUNCTION pg_temp.provider_type(p_type TEXT, p_name TEXT, p_description TEXT,
                                      p_field TEXT, p_field_description TEXT) RETURNS void AS $$
    INSERT INTO integration_types (tenant, type, display_name, description, settings_schema, secret_schema)
    VALUES ('*', p_type, p_name, p_description,
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
          "additionalProperties": false, "properties": {}}',
        jsonb_build_object(
            '$schema', 'https://json-schema.org/draft/2020-12/schema',
            'type', 'object',
            'required', jsonb_build_array(p_field),
            'additionalProperties', false,
            'properties', jsonb_build_object(p_field, jsonb_build_object(
                'type', 'string', 'minLength', 1, 'writeOnly', true,
                'description', p_field_description))));
$$ LANGUAGE sql;

SELECT pg_temp.provider_type('openai', 'OpenAI',
    'Text and image generation (openai/* functions); checked with GET /v1/models.',
    'apiKey', 'An OpenAI API key (sk-...), sent as a bearer token.');
SELECT pg_temp.provider_type('github', 'GitHub',
    'Issues of repositories (github/* functions); checked with GET /user.',
    'token', 'A fine-grained or classic personal access token, or an app installation token.');
SELECT pg_temp.provider_type('linear', 'Linear',
    'Issues of Linear teams (linear/* functions); checked with the GraphQL query viewer.',
    'apiKey', 'A personal API key (lin_api_...), sent as the Authorization header without a scheme.');
SELECT pg_temp.provider_type('stripe', 'Stripe',
    'Customers and invoices (stripe/* functions); checked with GET /v1/balance.',
    'secretKey', 'A secret or restricted key (sk_... or rk_...), sent as a bearer token.');
SELECT pg_temp.provider_type('resend', 'Resend',
    'E-mail delivery (resend/* functions); checked with GET /domains.',
    'apiKey', 'A Resend API key (re_...), sent as a bearer token.');
SELECT pg_temp.provider_type('perplexity', 'Perplexity',
    'Web-grounded answers (perplexity/* functions); Perplexity has no free endpoint to check.',
    'apiKey', 'A Perplexity API key (pplx-...), sent as a bearer token.');
SELECT pg_temp.provider_type('firecrawl', 'Firecrawl',
    'Scraping and web search (firecrawl/* functions); checked with GET /v2/team/credit-usage.',
    'apiKey', 'A Firecrawl API key (fc-...), sent as a bearer token.');
SELECT pg_temp.provider_type('webflow', 'Webflow',
    'Sites and publishing (webflow/* functions); checked with GET /v2/token/introspect.',
    'token', 'A site or OAuth access token, sent as a bearer token.');
SELECT pg_temp.provider_type('clerk', 'Clerk',
    'Users of a Clerk instance (clerk/* functions); checked with GET /v1/users/count.',
    'secretKey', 'The instance''s secret key (sk_live_... or sk_test_...), sent as a bearer token.');
SELECT pg_temp.provider_type('fal', 'fal',
    'Image and video generation (fal/* functions); checked with GET /v1/models.',
    'apiKey', 'A fal API key, sent as "Authorization: Key <key>".');
SELECT pg_temp.provider_type('blob', 'Vercel Blob',
    'A Vercel Blob store (blob/* functions); checked by listing one blob.',
    'token', 'The store''s read-write token (BLOB_READ_WRITE_TOKEN), sent as a bearer token.');
SELECT pg_temp.provider_type('superagent', 'Superagent',
    'Guarding and redacting text (superagent/* functions); Superagent has no free endpoint to check.',
    'apiKey', 'A Superagent API key, sent as a bearer token.');
SELECT pg_temp.provider_type('v0', 'v0',
    'Vercel v0 chats (v0/* functions); checked with GET /v1/user.',
    'apiKey', 'A v0 API key, sent as a bearer token.');
