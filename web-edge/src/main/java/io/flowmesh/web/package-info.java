/**
 * The HTTP edge every Flowmesh service shares: requests are accepted only with the gateway's token,
 * the tenant comes only from the gateway, and errors are RFC 9457 problems.
 */
package io.flowmesh.web;
