package io.flowmesh.gateway.audit;

import java.time.Instant;

/**
 * One mutating call through the gateway.
 *
 * @param id the entry's id, increasing in the order entries were written; 0 before that
 * @param tenant the caller's tenant
 * @param keyId the key it called with ({@code bootstrap} for the configured key)
 * @param method the HTTP method
 * @param path the request path, without the query
 * @param route the gateway route that served it, {@code gateway} for the gateway's own endpoints,
 *     or null when it was refused before routing
 * @param status the HTTP status answered
 * @param requestId the request's {@code X-Request-Id}
 * @param occurredAt when the answer was sent
 */
record AuditEntry(
    long id,
    String tenant,
    String keyId,
    String method,
    String path,
    String route,
    int status,
    String requestId,
    Instant occurredAt) {}
