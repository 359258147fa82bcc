/**
 * Health contributors every Flowmesh service shares, installed by auto-configuration. A service
 * depends on this module and names the contributors in its readiness group, e.g. {@code
 * management.endpoint.health.group.readiness.include: readinessState,db,kafka}.
 */
package io.flowmesh.health;
