package io.flowmesh.events.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.events.runs.StartedRuns;
import io.flowmesh.events.testing.EventServiceApi;
import io.flowmesh.events.testing.RunEventsOnKafka;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.RunCompleted;
import io.flowmesh.testinfra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chains and concurrency limits on a real PostgreSQL and Kafka: a run's completion, read from the
 * run events topic, starts the next run one level deeper until the configured depth, where the
 * evaluation is recorded as limited; and a trigger's concurrency limit per key refuses a start
 * while the key's runs are active and allows it again once their end has come in from Kafka.
 */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + ChainsAndLimitsIT.GATEWAY_TOKEN,
      "flowmesh.events.triggers.max-chain-depth=3"
    })
@AutoConfigureMockMvc
class ChainsAndLimitsIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "eventchains");
    registry.add("flowmesh.events.consumer-group", () -> "event-service-chains-it");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;
  @Autowired StartedRuns startedRuns;

  private EventServiceApi api;

  @BeforeEach
  void api() {
    api = new EventServiceApi(mvc, GATEWAY_TOKEN);
  }

  @Test
  void aRunsCompletionStartsTheNextUntilTheChainIsAsDeepAsAllowed() throws Exception {
    api.createTrigger(
        "loopco",
        """
        {"name": "first", "workflowId": "again", "eventTypes": ["com.loopco.go"]}
        """);
    api.createTrigger(
        "loopco",
        """
        {"name": "again and again", "workflowId": "again",
         "eventTypes": ["io.flowmesh.run.completed.v1"],
         "filter": "event.data.workflowId == 'again'"}
        """);

    String first = api.send("loopco", EventServiceApi.event("com.loopco.go", "{}"));
    String run = startedRun("loopco", first);
    assertThat(startedRuns.chainDepth(TenantId.of("loopco"), run)).contains(1);

    // each completion, as the orchestrator would publish it, starts the next run one level deeper
    for (int depth = 2; depth <= 3; depth++) {
      String completion = complete("loopco", run, "again");
      run = startedRun("loopco", completion);
      assertThat(startedRuns.chainDepth(TenantId.of("loopco"), run)).contains(depth);
    }
    // the third run's completion would start a fourth: the chain stops there, with its reason
    String last = complete("loopco", run, "again");
    MvcTestResult detail = api.get("loopco", "/api/v1/events/" + last);
    assertThat(detail).bodyJson().extractingPath("$.triggered[0].outcome").isEqualTo("limited");
    assertThat(detail)
        .bodyJson()
        .extractingPath("$.triggered[0].reason")
        .asString()
        .contains("chain of 3 runs")
        .contains("max-chain-depth allows 3");
  }

  @Test
  void aRunStartedOutsideEventServiceBeginsAChain() throws Exception {
    api.createTrigger(
        "apico",
        """
        {"name": "after", "workflowId": "next", "eventTypes": ["io.flowmesh.run.completed.v1"]}
        """);
    String completion = complete("apico", "run_started-by-the-api", "first");
    String run = startedRun("apico", completion);
    assertThat(startedRuns.chainDepth(TenantId.of("apico"), run)).contains(1);
  }

  @Test
  void aConcurrencyLimitPerKeyRefusesWhileTheKeysRunsAreActive() throws Exception {
    String trigger =
        api.createTrigger(
            "limitco",
            """
            {"name": "one per customer", "workflowId": "sync",
             "eventTypes": ["com.limitco.changed"],
             "concurrency": {"limit": 1, "key": "event.data.customer"}}
            """);

    String first =
        api.send("limitco", EventServiceApi.event("com.limitco.changed", "{\"customer\": \"c1\"}"));
    String running = startedRun("limitco", first);
    String second =
        api.send("limitco", EventServiceApi.event("com.limitco.changed", "{\"customer\": \"c1\"}"));
    MvcTestResult limited = api.get("limitco", "/api/v1/events/" + second);
    assertThat(limited).bodyJson().extractingPath("$.triggered[0].outcome").isEqualTo("limited");
    assertThat(limited)
        .bodyJson()
        .extractingPath("$.triggered[0].reason")
        .asString()
        .contains("'c1'")
        .contains("limit 1");
    // another key is not held back
    startedRun(
        "limitco",
        api.send(
            "limitco", EventServiceApi.event("com.limitco.changed", "{\"customer\": \"c2\"}")));

    complete("limitco", running, "sync");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> startedRuns.activeForTrigger(TenantId.of("limitco"), trigger, "c1") == 0);
    startedRun(
        "limitco",
        api.send(
            "limitco", EventServiceApi.event("com.limitco.changed", "{\"customer\": \"c1\"}")));

    MvcTestResult bad =
        api.post(
            "limitco",
            "/api/v1/triggers",
            """
            {"name": "x", "workflowId": "w", "eventTypes": ["*"],
             "concurrency": {"limit": 0, "key": "event.data.("}}
            """);
    assertThat(bad).hasStatus(400);
    assertThat(bad)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder("concurrency.limit", "concurrency.key");
  }

  /** The run the event started; fails unless its one evaluation started one. */
  private String startedRun(String tenant, String storedEventId) throws Exception {
    MvcTestResult detail = api.get(tenant, "/api/v1/events/" + storedEventId);
    assertThat(detail).bodyJson().extractingPath("$.triggered[0].outcome").isEqualTo("started");
    return JsonPath.read(detail.getResponse().getContentAsString(), "$.triggered[0].runId");
  }

  /**
   * Publishes the run's completion on the run events topic, as the orchestrator does, and returns
   * the stored event's id once event-service has stored it.
   */
  private String complete(String tenant, String runId, String workflowId) throws Exception {
    RunEventsOnKafka.publish(
        tenant,
        EventTypes.RUN_COMPLETED,
        runId,
        json.writeValueAsBytes(new RunCompleted(runId, workflowId, 1, Map.of(), Instant.now())));
    String[] stored = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              MvcTestResult found =
                  api.get(
                      tenant,
                      "/api/v1/events?type=" + EventTypes.RUN_COMPLETED + "&subject=" + runId);
              List<String> ids =
                  JsonPath.read(found.getResponse().getContentAsString(), "$.items[*].id");
              stored[0] = ids.isEmpty() ? null : ids.getFirst();
              return stored[0] != null;
            });
    return stored[0];
  }
}
