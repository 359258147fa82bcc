package io.flowmesh.web;

/**
 * The tenant a request acts for, as resolved by the gateway. Declare a controller parameter of this
 * type to receive it; it is never taken from the request body or query.
 *
 * @param id the tenant id
 */
public record Tenant(String id) {}
