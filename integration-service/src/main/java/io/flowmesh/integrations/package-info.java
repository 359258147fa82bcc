/**
 * integration-service: the kinds of external systems Flowmesh can connect to ({@code
 * integrationtype}), each tenant's connections ({@code connection}), their secrets under envelope
 * encryption ({@code crypto}), credential resolution for functions ({@code credentials}), health
 * checks ({@code health}) and SSRF-guarded outbound calls ({@code outbound}). See
 * docs/integrations.md and ADR 0010.
 */
package io.flowmesh.integrations;
