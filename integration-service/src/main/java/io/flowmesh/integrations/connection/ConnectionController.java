package io.flowmesh.integrations.connection;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.Tenant;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
@Tag(name = "Connections")
class ConnectionController {

  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  private final ConnectionRepository connections;
  private final ConnectionService service;

  ConnectionController(ConnectionRepository connections, ConnectionService service) {
    this.connections = connections;
    this.service = service;
  }

  @PostMapping
  @Operation(
      summary = "Create a connection",
      description =
          "Every validation problem is reported at once, with errors[].field as the JSON path"
              + " (settings.baseUrl, secrets.token, ...); problems about secrets never quote them."
              + " The same Idempotency-Key answers with the same connection.")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              examples = @ExampleObject(name = "http-bearer", ref = "create-connection")))
  @ApiResponse(
      responseCode = "201",
      description = "Created; Location names it, ETag is for If-Match",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = ConnectionView.class),
              examples = @ExampleObject(name = "created", ref = "connection-created")))
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
  @Operation(summary = "List connections in creation order (cursor pagination; filter by type)")
  Page<ConnectionView> list(
      Tenant tenant,
      @RequestParam(defaultValue = "" + PageRequest.DEFAULT_LIMIT) int limit,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String type) {
    PageRequest page = PageRequest.of(limit, cursor);
    List<ConnectionView> rows =
        connections.list(TenantId.of(tenant.id()), type, page).stream()
            .map(ConnectionView::of)
            .toList();
    return page.page(rows, ConnectionView::id);
  }

  @GetMapping("/{id}")
  @Operation(summary = "Get a connection, secrets masked; its ETag is for If-Match")
  ResponseEntity<ConnectionView> get(Tenant tenant, @PathVariable String id) {
    ConnectionRow row =
        connections
            .findByTenantAndId(TenantId.of(tenant.id()), id)
            .orElseThrow(() -> new ConnectionNotFoundException(id));
    return ResponseEntity.ok().eTag(etag(row)).body(ConnectionView.of(row));
  }

  @PatchMapping("/{id}")
  @Operation(
      summary = "Change a connection (If-Match required: 428 without, 412 when stale)",
      description =
          "Fields are optional: name, enabled, settings (replaces all settings), secrets"
              + " (replaces only the fields it names; null removes one).")
  @ApiResponse(
      responseCode = "200",
      description = "The connection as changed, with its new ETag",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = ConnectionView.class)))
  @ApiResponse(responseCode = "412", description = "If-Match no longer matches the connection")
  @ApiResponse(responseCode = "428", description = "If-Match is required")
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
  @Operation(summary = "Delete a connection")
  void delete(Tenant tenant, @PathVariable String id) {
    service.delete(tenant.id(), id);
  }

  static String etag(ConnectionRow row) {
    return "\"" + row.version() + "\"";
  }

  // A missing connection is a 404 before any precondition is judged.
  private long expectedVersion(Tenant tenant, String id, String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      connections
          .findByTenantAndId(TenantId.of(tenant.id()), id)
          .orElseThrow(() -> new ConnectionNotFoundException(id));
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
