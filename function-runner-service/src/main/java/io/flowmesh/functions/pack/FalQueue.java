package io.flowmesh.functions.pack;

import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * {@code fal-queue}: runs a model on fal's queue (queue.fal.run). It submits the declared request
 * (POST /{model id}), asks for the job's status (GET /{app}/requests/{id}/status, where the app is
 * the model id's first two segments: fal-ai/flux/dev runs in fal-ai/flux) at growing intervals
 * until it is COMPLETED, then fetches the result (GET /{app}/requests/{id}) and maps it with the
 * pack's response. The execution's timeout bounds the whole wait: a job still queued or running
 * when it runs out is cancelled at fal and fails with TIMEOUT, naming the job (ADR 0054).
 */
@Component
class FalQueue implements PackBuiltin {

  /** The job completed with an error: fal's own, or the model's. */
  static final String JOB_FAILED = "JOB_FAILED";

  /** Left for the last status request and the result: less, and the job is given up. */
  private static final Duration LAST_CALLS = Duration.ofMillis(200);

  private final FalQueueProperties properties;

  FalQueue(FalQueueProperties properties) {
    this.properties = properties;
  }

  @Override
  public String name() {
    return "fal-queue";
  }

  @Override
  public Outcome run(PackCall call) throws PackCall.Failed {
    Object submitted = call.parse(call.sendDeclared());
    if (!(submitted instanceof Map<?, ?> answer && answer.get("request_id") instanceof String id)) {
      throw call.failed(
          PackFunctionExecutor.PROVIDER_ERROR, "fal accepted the job without a request_id", false);
    }
    String job =
        call.function().baseUrl()
            + app(call.function().path())
            + "/requests/"
            + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    awaitCompletion(call, job, id);
    OutboundHttp.Response result = call.exchange("GET", job, Map.of(), null);
    int status = result.status();
    if (status < 200 || status >= 300) {
      // fal answers a failed job's result with the error status and {"detail": ...}.
      throw call.failed(
          JOB_FAILED,
          "fal job " + id + " failed with HTTP " + status + PackCall.excerpt(result),
          call.function().retryableStatuses().contains(status));
    }
    return call.output(result);
  }

  private void awaitCompletion(PackCall call, String job, String id) throws PackCall.Failed {
    Duration interval = properties.firstPollInterval();
    String state = "IN_QUEUE";
    while (true) {
      Duration left = call.remaining();
      if (left.compareTo(LAST_CALLS) <= 0) {
        cancel(call, job);
        throw call.failed(
            HttpErrors.TIMEOUT,
            "fal job "
                + id
                + " was still "
                + state
                + " when the execution's timeout of "
                + call.invocation().timeout().toMillis()
                + " ms ran out (fal was asked to cancel it); give the node or the function a"
                + " longer timeout",
            true);
      }
      sleep(call, min(interval, left.minus(LAST_CALLS)));
      Object answer = call.parse(call.send("GET", job + "/status", Map.of(), null));
      Map<?, ?> status = answer instanceof Map<?, ?> map ? map : Map.of();
      state = String.valueOf(status.get("status"));
      if ("COMPLETED".equals(state)) {
        Object error = status.get("error");
        if (error != null && !String.valueOf(error).isBlank()) {
          throw call.failed(
              JOB_FAILED,
              "fal job " + id + " failed: " + PackCall.bounded(String.valueOf(error)),
              false);
        }
        return;
      }
      interval = min(interval.multipliedBy(2), properties.maxPollInterval());
    }
  }

  /**
   * Asks fal to cancel a job given up, within what is left of the timeout. fal cancels only a job
   * that has not started; one already running finishes and is billed, and its outcome is not ours
   * to wait for, so the answer is ignored.
   */
  private static void cancel(PackCall call, String job) {
    try {
      call.exchange("PUT", job + "/cancel", Map.of(), null);
    } catch (PackCall.Failed e) {
      // Ignored: the execution fails with TIMEOUT either way.
    }
  }

  /** {@code /fal-ai/flux/dev} runs in the app {@code /fal-ai/flux}. */
  static String app(String path) {
    String[] segments = path.substring(1).split("/", -1);
    return segments.length < 2 ? path : "/" + segments[0] + "/" + segments[1];
  }

  private static void sleep(PackCall call, Duration wait) throws PackCall.Failed {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw call.failed(
          Outcome.FUNCTION_ERROR, "was interrupted while waiting for its fal job", true);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
