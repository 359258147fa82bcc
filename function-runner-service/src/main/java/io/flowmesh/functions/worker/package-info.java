/**
 * External workers (ADR 0049): requests of {@code worker} functions wait here as tasks until one of
 * the tenant's workers leases one by long polling, and its answer under that lease becomes the
 * execution's result.
 */
package io.flowmesh.functions.worker;
