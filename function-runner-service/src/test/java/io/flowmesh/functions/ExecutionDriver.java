package io.flowmesh.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import io.flowmesh.testinfra.TopicReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends function requests as the orchestrator does (through an outbox onto the requests topic) and
 * waits for their results on the results topic.
 */
public final class ExecutionDriver implements AutoCloseable {

  private final Outbox outbox;
  private final TransactionTemplate transactions;
  private final JsonMapper json;
  private final TopicReader results = TopicReader.fromBeginning(Topics.FUNCTION_RESULTS);

  public ExecutionDriver(Outbox outbox, TransactionTemplate transactions, JsonMapper json) {
    this.outbox = outbox;
    this.transactions = transactions;
    this.json = json;
  }

  public static FunctionRequested call(String runId, String function, Object input) {
    return new FunctionRequested(UuidV7.prefixed("exe"), runId, "n1", 1, function, input, 0);
  }

  /** Sends the requests in one outbox transaction, so they travel together. */
  public void send(String tenant, FunctionRequested... requests) {
    transactions.executeWithoutResult(
        status ->
            outbox.appendAll(
                Arrays.stream(requests)
                    .map(
                        r ->
                            new OutboxMessage(
                                Topics.FUNCTION_REQUESTS,
                                r.runId(),
                                EventTypes.FUNCTION_REQUESTED,
                                r.runId(),
                                tenant,
                                r))
                    .toList()));
  }

  /** The result of the request, if it has arrived. */
  public Optional<InboundEvent> resultIfAny(FunctionRequested request) {
    return results.poll().stream()
        .filter(
            e ->
                request.runId().equals(e.subject())
                    && request
                        .executionId()
                        .equals(json.readTree(e.data()).path("executionId").asString()))
        .findFirst();
  }

  /** Waits (at most 60 s) for the request's result. */
  public InboundEvent result(FunctionRequested request) {
    return await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(60))
        .until(() -> resultIfAny(request), Optional::isPresent)
        .orElseThrow();
  }

  /** Sends one request and returns its output; fails the test if it failed. */
  public JsonNode output(String tenant, String function, Object input) {
    FunctionRequested request = call(UuidV7.prefixed("run"), function, input);
    send(tenant, request);
    InboundEvent result = result(request);
    assertThat(result.type())
        .as("result of %s: %s", function, new String(result.data()))
        .isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
    return json.readTree(result.data()).path("output");
  }

  /** Sends one request and returns its error; fails the test if it succeeded. */
  public FunctionFailed failure(String tenant, String function, Object input) {
    FunctionRequested request = call(UuidV7.prefixed("run"), function, input);
    send(tenant, request);
    return failure(result(request));
  }

  public FunctionFailed failure(InboundEvent result) {
    assertThat(result.type())
        .as("result: %s", new String(result.data()))
        .isEqualTo(EventTypes.FUNCTION_FAILED);
    return json.readValue(result.data(), FunctionFailed.class);
  }

  public FunctionSucceeded success(InboundEvent result) {
    assertThat(result.type())
        .as("result: %s", new String(result.data()))
        .isEqualTo(EventTypes.FUNCTION_SUCCEEDED);
    return json.readValue(result.data(), FunctionSucceeded.class);
  }

  @Override
  public void close() {
    results.close();
  }
}
