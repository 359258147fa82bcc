package io.flowmesh.integrations.connection;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The connections API. Secrets go in, never out: every answer carries {@link ConnectionView}, which
 * masks them. Single-connection answers carry an ETag; updates need it in If-Match.
 */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {

  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  private final ConnectionRepository connections;
  private final ConnectionService service;

  ConnectionController(ConnectionRepository connections, ConnectionService service) {
    this.connections = connections;
    this.service = service;
  }

  @PostMapping
  ResponseEntity<ConnectionView> create(
      Tenant tenant,
      @RequestBody ConnectionRequests.Create request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new InvalidRequestException(
          "Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
    ConnectionRow row = service.create(tenant.id(), request, idempotencyKey);
    return ResponseEntity.created(URI.create("/api/v1/connections/" + row.id()))
        .eTag(etag(row))
        .body(ConnectionView.of(row));
  }

  @GetMapping
  Page<ConnectionView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String type) {
    PageRequest page = PageRequest.of(limit, cursor);
    List<ConnectionView> rows =
        connections.list(tenant.id(), type, page).stream().map(ConnectionView::of).toList();
    return page.page(rows, ConnectionView::id);
  }

  @GetMapping("/{id}")
  ResponseEntity<ConnectionView> get(Tenant tenant, @PathVariable String id) {
    ConnectionRow row =
        connections.find(tenant.id(), id).orElseThrow(() -> new ConnectionNotFoundException(id));
    return ResponseEntity.ok().eTag(etag(row)).body(ConnectionView.of(row));
  }

  @PatchMapping("/{id}")
  ResponseEntity<ConnectionView> update(
      Tenant tenant,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody ConnectionRequests.Update request) {
    ConnectionRow row =
        service.update(tenant.id(), id, expectedVersion(tenant, id, ifMatch), request);
    return ResponseEntity.ok().eTag(etag(row)).body(ConnectionView.of(row));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(Tenant tenant, @PathVariable String id) {
    service.delete(tenant.id(), id);
  }

  static String etag(ConnectionRow row) {
    return "\"" + row.version() + "\"";
  }

  // A missing connection is a 404 before any precondition is judged.
  private long expectedVersion(Tenant tenant, String id, String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      connections.find(tenant.id(), id).orElseThrow(() -> new ConnectionNotFoundException(id));
      throw new ConnectionExceptions.VersionRequired();
    }
    String tag = ifMatch.trim();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      tag = tag.substring(1, tag.length() - 1);
    }
    try {
      return Long.parseLong(tag);
    } catch (NumberFormatException e) {
      // Not one of our ETags: it cannot match the current version.
      return -1;
    }
  }
}
