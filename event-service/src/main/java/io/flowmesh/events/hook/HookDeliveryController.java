package io.flowmesh.events.hook;

import io.flowmesh.events.store.AcceptedEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hooks/{hookId}}: a provider's delivery, public at the gateway (no API key), verified
 * by the hook. The body is read here as a stream, so that the hook's own limit, not a framework's,
 * decides what is too large, and the signature is checked over the exact bytes sent.
 */
@RestController
@Tag(name = "Hooks")
class HookDeliveryController {

  /**
   * The answer to an accepted delivery.
   *
   * @param id the stored event's id ({@code evt_...}); for a redelivery, the first one's
   * @param duplicate true if this delivery id was stored before, so this one was not
   */
  record Received(String id, boolean duplicate) {}

  private final HookReceiver receiver;

  HookDeliveryController(HookReceiver receiver) {
    this.receiver = receiver;
  }

  @PostMapping("/hooks/{hookId}")
  @SecurityRequirements // no API key: the hook verifies the request
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Deliver to an inbound webhook (no API key; verified by the hook's scheme)",
      description =
          "202: stored as a CloudEvent of the hook's type and run through the triggers. 401: the"
              + " verification failed (the problem names the check). 404: no such hook. 413: the"
              + " body is over the hook's limit. Nothing of a refused request is stored.")
  Received deliver(
      @PathVariable String hookId, @RequestHeader HttpHeaders headers, HttpServletRequest request)
      throws IOException {
    AcceptedEvent accepted =
        receiver.receive(hookId, headers, request.getInputStream(), request.getContentLengthLong());
    return new Received(accepted.id(), accepted.duplicate());
  }
}
