package io.flowmesh.events.ingest;

import io.flowmesh.events.store.AcceptedEvent;
import io.flowmesh.events.store.NewEvent;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/events}: CloudEvents in, durably stored before the answer. 202 lists each
 * event's stored id; an event whose source and id were stored before is accepted again and answered
 * with the first one's id, {@code duplicate: true}.
 */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events")
class EventIngestController {

  /** The answer: one entry per event sent, in order. */
  record Accepted(List<AcceptedEvent> events) {}

  private final CloudEventsHttp http;
  private final EventAdmission admission;
  private final EventIngestion ingestion;
  private final IngestProperties limits;

  EventIngestController(
      JsonMapper json,
      EventAdmission admission,
      EventIngestion ingestion,
      IngestProperties limits) {
    this.http = new CloudEventsHttp(json);
    this.admission = admission;
    this.ingestion = ingestion;
    this.limits = limits;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Send CloudEvents (structured, batch or binary mode)",
      description =
          "Structured: Content-Type application/cloudevents+json. Batch: "
              + "application/cloudevents-batch+json, a JSON array. Binary: the attributes in ce-*"
              + " headers, the data as the body with its own Content-Type. The data is checked"
              + " against the event type's JSON Schema when the catalogue has the type (422"
              + " naming each failing path). Nothing of a refused request is stored.")
  Accepted send(
      Tenant tenant,
      @RequestHeader HttpHeaders headers,
      @RequestBody(required = false) byte[] body) {
    byte[] content = body == null ? new byte[0] : body;
    if (content.length > limits.maxRequest().toBytes()) {
      throw new EventTooLargeException(
          "The request body is "
              + content.length
              + " bytes; at most "
              + limits.maxRequest().toBytes()
              + " are accepted");
    }
    TenantId tenantId = TenantId.of(tenant.id());
    List<CloudEventsHttp.Received> received = http.read(headers, content, limits.maxBatch());
    List<NewEvent> admitted = admission.admit(tenantId, received, limits.maxEventData().toBytes());
    return new Accepted(ingestion.acceptSent(tenantId, admitted));
  }
}
