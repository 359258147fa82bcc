package io.flowmesh.gateway.audit;

import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.jdbc.Blocking;
import io.flowmesh.gateway.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The caller's tenant's audit log; needs {@code tenant:admin} (AccessRules). */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit", description = "Every POST, PUT, PATCH and DELETE made with the tenant's keys.")
class AuditController {

  private final AuditStore store;

  AuditController(AuditStore store) {
    this.store = store;
  }

  /**
   * One audit entry.
   *
   * @param id the entry's id
   * @param keyId the key the call was made with ({@code bootstrap} for the configured key)
   * @param method the HTTP method
   * @param path the request path, without the query
   * @param route the route that served it ({@code gateway} for the gateway's own endpoints); null
   *     when refused before routing
   * @param status the HTTP status answered
   * @param requestId the {@code X-Request-Id} of the call
   * @param occurredAt when it was answered
   */
  record AuditEntryResponse(
      long id,
      String keyId,
      String method,
      String path,
      String route,
      int status,
      String requestId,
      Instant occurredAt) {

    static AuditEntryResponse of(AuditEntry e) {
      return new AuditEntryResponse(
          e.id(),
          e.keyId(),
          e.method(),
          e.path(),
          e.route(),
          e.status(),
          e.requestId(),
          e.occurredAt());
    }
  }

  /** One page of entries, newest first; pass {@code nextCursor} as {@code cursor} for the next. */
  record AuditPage(List<AuditEntryResponse> items, String nextCursor) {}

  @GetMapping
  @Operation(
      operationId = "listAuditEntries",
      summary = "List the tenant's audit entries, newest first, with cursor pagination",
      description =
          "Filters: from and to (RFC 3339), keyId, outcome (success: status below 400; failure)."
              + " Entries are written within about a second of the call.")
  Mono<AuditPage> list(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String keyId,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor,
      ServerWebExchange exchange) {
    String tenant = ApiKeyOwner.require(exchange).tenant();
    PageRequest page = PageRequest.of(limit, cursor);
    AuditQuery query = AuditQuery.parse(from, to, keyId, outcome, page.after());
    return Blocking.call(() -> store.find(tenant, query, page.limit() + 1))
        .map(
            entries -> {
              if (entries.size() <= page.limit()) {
                return new AuditPage(entries.stream().map(AuditEntryResponse::of).toList(), null);
              }
              List<AuditEntry> items = entries.subList(0, page.limit());
              return new AuditPage(
                  items.stream().map(AuditEntryResponse::of).toList(),
                  PageRequest.cursorAfter(Long.toString(items.getLast().id())));
            });
  }
}
