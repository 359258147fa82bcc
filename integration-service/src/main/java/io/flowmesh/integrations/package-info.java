/**
 * integration-service: the kinds of external systems Flowmesh can connect to ({@code
 * integrationtype}) and each tenant's configured connections ({@code connection}). Creating
 * connections, encrypting their secrets and resolving credentials for functions follow later.
 */
package io.flowmesh.integrations;
