/**
 * Deleting a tenant's data from a service: every table of the service's schema with a {@code
 * tenant} column, children before the tables they reference, in one transaction ({@code DELETE
 * /internal/v1/tenants/{tenant}/data}, service token only).
 */
package io.flowmesh.tenantdata;
