package io.flowmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowmesh.client.ScriptedServer.Answer;
import io.flowmesh.client.ScriptedServer.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetriesTest {

  private static final String UNAVAILABLE =
      """
      {"type":"about:blank","title":"Service Unavailable","status":503,"detail":"circuit open"}
      """;
  private static final String ACCEPTED =
      """
      {"runId":"run_1","workflowId":"hello","version":1,"status":"RUNNING"}
      """;

  private final ScriptedServer server = new ScriptedServer();
  private final RetryPolicy fast = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20));

  @AfterEach
  void stop() {
    server.close();
  }

  private FlowmeshClient client(String url) {
    return FlowmeshClient.builder().baseUrl(url).apiKey("k").retryPolicy(fast).build();
  }

  @Test
  void aStartAnsweredUnavailableIsSentAgainWithTheSameIdempotencyKey() {
    server.answer(
        Answer.problem(503, UNAVAILABLE),
        Answer.problem(503, UNAVAILABLE),
        Answer.json(202, ACCEPTED));

    Runs.Accepted accepted =
        client(server.url()).runs().start(Runs.StartRun.of("hello", Map.of("message", "hi")));

    assertThat(accepted.runId()).isEqualTo("run_1");
    assertThat(accepted.status()).isEqualTo(RunStatus.RUNNING);
    List<Request> requests = server.requests();
    assertThat(requests).hasSize(3);
    String key = requests.getFirst().header("Idempotency-Key");
    assertThat(key).isNotBlank();
    assertThat(requests)
        .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).isEqualTo(key));
    assertThat(requests.getFirst().body())
        .isEqualTo("{\"workflowId\":\"hello\",\"input\":{\"message\":\"hi\"}}");
  }

  @Test
  void twoStartsWithoutAKeyOfTheirOwnGetTwoDifferentKeys() {
    server.answer(Answer.json(202, ACCEPTED));
    FlowmeshClient client = client(server.url());

    client.runs().start(Runs.StartRun.of("hello", null));
    client.runs().start(Runs.StartRun.of("hello", null));
    client.runs().start(Runs.StartRun.of("hello", null).withIdempotencyKey("order-42"));

    List<Request> requests = server.requests();
    assertThat(requests.get(0).header("Idempotency-Key"))
        .isNotEqualTo(requests.get(1).header("Idempotency-Key"));
    assertThat(requests.get(2).header("Idempotency-Key")).isEqualTo("order-42");
  }

  @Test
  void anUnavailableServiceIsTriedAsOftenAsThePolicySaysAndThenReported() {
    server.answer(Answer.problem(503, UNAVAILABLE));

    FlowmeshProblemException thrown =
        catchThrowableOfType(
            FlowmeshProblemException.class, () -> client(server.url()).runs().get("run_1"));

    assertThat(thrown.status()).isEqualTo(503);
    assertThat(thrown.detail()).isEqualTo("circuit open");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void aRetryAfterIsWaitedButNeverLongerThanTheLongestBackoff() {
    server.answer(
        new Answer(503, "application/problem+json", UNAVAILABLE, Map.of("Retry-After", "3600")),
        Answer.json(200, ACCEPTED.replace("RUNNING", "COMPLETED")));
    long started = System.nanoTime();

    Runs.Run run = client(server.url()).runs().get("run_1");

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void aWriteTheApiDoesNotDeduplicateIsNotSentAgainAfterItArrived() {
    server.answer(Answer.problem(503, UNAVAILABLE));

    FlowmeshProblemException thrown =
        catchThrowableOfType(
            FlowmeshProblemException.class,
            () -> client(server.url()).schedules().triggerNow("sch_1"));

    assertThat(thrown.status()).isEqualTo(503);
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().getFirst().pathAndQuery())
        .isEqualTo("/api/v1/schedules/sch_1/trigger");
  }

  @Test
  void aRefusedConnectionIsTriedAgainAndThenReportedAsAConnectionFailure() {
    String refusing = ScriptedServer.refusingUrl();

    FlowmeshConnectionException thrown =
        catchThrowableOfType(
            FlowmeshConnectionException.class, () -> client(refusing).triggers().get("trg_1"));

    assertThat(thrown.getMessage())
        .startsWith("GET " + refusing + "/api/v1/triggers/trg_1 failed after 3 attempts");
  }

  @Test
  void theBackoffGrowsExponentiallyUpToItsBoundAndIsNeverAboveIt() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(350));

    assertThat(policy.bound(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.bound(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.bound(3)).isEqualTo(Duration.ofMillis(350));
    assertThat(policy.bound(60)).isEqualTo(Duration.ofMillis(350));
    for (int i = 0; i < 200; i++) {
      assertThat(policy.backoff(2)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }
  }
}
