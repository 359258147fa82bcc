package io.flowmesh.events.hook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowmesh.events.store.AcceptedEvent;
import io.flowmesh.events.trigger.Evaluation;
import io.flowmesh.events.trigger.Evaluations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
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
   * @param runId for a hook that answers with the run's output: the run the delivery started
   * @param status for such a hook: {@code running} when the run had not ended within the hook's
   *     timeout, else how it ended ({@code completed}, {@code failed}, {@code cancelled}, {@code
   *     refused})
   * @param output for such a hook: the ended run's end event data ({@code outputs} of a completed
   *     run, {@code error} of a failed one)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Answer(String id, boolean duplicate, String runId, String status, Object output) {}

  /** The answer to a provider's handshake (Slack's {@code url_verification}). */
  record Handshake(String challenge) {}

  private final HookReceiver receiver;
  private final Evaluations evaluations;
  private final RunAwaiter runs;

  HookDeliveryController(HookReceiver receiver, Evaluations evaluations, RunAwaiter runs) {
    this.receiver = receiver;
    this.evaluations = evaluations;
    this.runs = runs;
  }

  @PostMapping("/hooks/{hookId}")
  @SecurityRequirements // no API key: the hook verifies the request
  @Operation(
      summary = "Deliver to an inbound webhook (no API key; verified by the hook's scheme)",
      description =
          "202: stored as a CloudEvent of the hook's type and run through the triggers. For a"
              + " hook with respond.mode run-output: 200 with the run's end and output once the"
              + " run the delivery started has ended, or 202 with status running after the hook's"
              + " timeout. 200 with the challenge for Slack's url_verification handshake (nothing"
              + " stored). 401: the verification failed (the problem names the check). 404: no"
              + " such hook. 413: the body is over the hook's limit. 429: over the hook's rate"
              + " limit, with Retry-After. Nothing of a refused request is stored.")
  ResponseEntity<?> deliver(
      @PathVariable String hookId, @RequestHeader HttpHeaders headers, HttpServletRequest request)
      throws IOException, InterruptedException {
    HookReceiver.Received received =
        receiver.receive(hookId, headers, request.getInputStream(), request.getContentLengthLong());
    if (received.challenge() != null) {
      return ResponseEntity.ok(new Handshake(received.challenge()));
    }
    AcceptedEvent event = received.event();
    Answer accepted = new Answer(event.id(), event.duplicate(), null, null, null);
    if (!received.hook().response().waitsForRun()) {
      return ResponseEntity.accepted().body(accepted);
    }
    Optional<String> runId =
        evaluations.ofEvent(received.tenant(), event.id()).stream()
            .filter(e -> e.runId() != null)
            .map(Evaluation::runId)
            .findFirst();
    if (runId.isEmpty()) {
      return ResponseEntity.accepted().body(accepted);
    }
    Optional<RunOutcome> outcome =
        runs.await(received.tenant(), runId.get(), received.hook().response().timeout());
    return outcome
        .map(
            ended ->
                ResponseEntity.ok(
                    new Answer(
                        event.id(),
                        event.duplicate(),
                        ended.runId(),
                        ended.status(),
                        ended.data())))
        .orElseGet(
            () ->
                ResponseEntity.accepted()
                    .body(new Answer(event.id(), event.duplicate(), runId.get(), "running", null)));
  }
}
