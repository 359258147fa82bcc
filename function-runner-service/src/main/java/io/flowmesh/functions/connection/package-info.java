/**
 * Credentials of connections, and those a run was started with (its {@code integrations}), resolved
 * at execution time from integration-service over its internal API and cached for as long as it
 * allows. Secrets stay in memory: never logged, never in results or errors.
 */
package io.flowmesh.functions.connection;
