package io.flowmesh.functions.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.function.FunctionRequested;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The executions table is what makes an execution's result go out once. */
class ExecutionRepositoryIT extends IntegrationTestBase {

  @Autowired ExecutionRepository executions;
  @Autowired JdbcClient jdbc;

  @Test
  void aGroupInsertReturnsOnlyTheExecutionsNotRecordedBefore() {
    String runId = UuidV7.prefixed("run");
    FinishedExecution recordedMeanwhile = finished("acme", runId, Outcome.succeeded(Map.of()));
    FinishedExecution fresh = finished("acme", runId, Outcome.failed("BOOM", "no", false));
    // the same execution id in another tenant is another execution
    FinishedExecution otherTenant =
        new FinishedExecution(
            new PendingExecution(recordedMeanwhile.pending().request(), "globex", runId, null),
            Outcome.succeeded(Map.of("n", 1)),
            Instant.now(),
            Instant.now(),
            null);
    assertThat(executions.insertNew(List.of(recordedMeanwhile))).containsExactly(recordedMeanwhile);

    List<FinishedExecution> inserted =
        executions.insertNew(List.of(fresh, recordedMeanwhile, otherTenant));

    assertThat(inserted).containsExactly(fresh, otherTenant);
    assertThat(
            jdbc.sql(
                    "SELECT tenant || ':' || status || ':' || coalesce(output::text, error::text)"
                        + " FROM executions WHERE run_id = ? ORDER BY tenant, status")
                .param(runId)
                .query(String.class)
                .list())
        .containsExactly(
            "acme:FAILED:{\"code\": \"BOOM\", \"message\": \"no\", \"retryable\": false}",
            "acme:SUCCEEDED:{}",
            "globex:SUCCEEDED:{\"n\": 1}");
  }

  private static FinishedExecution finished(String tenant, String runId, Outcome outcome) {
    FunctionRequested request =
        new FunctionRequested(UuidV7.prefixed("fx"), runId, "a", 1, "core/noop", Map.of(), 0);
    return new FinishedExecution(
        new PendingExecution(request, tenant, runId, null),
        outcome,
        Instant.now(),
        Instant.now(),
        null);
  }
}
