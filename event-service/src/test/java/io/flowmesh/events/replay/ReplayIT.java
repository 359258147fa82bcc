package io.flowmesh.events.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.events.testing.EventServiceApi;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.tenantdata.TenantDataPurge;
import io.flowmesh.testinfra.TestInfrastructure;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Replay on a real PostgreSQL: a dry run says what would start and changes nothing; a replay starts
 * what a trigger created after the events would have started, skips what was evaluated before
 * unless forced, and a forced replay starts again under its own idempotency key. Bad requests name
 * the field; another tenant's trigger is a 404.
 */
@SpringBootTest(properties = "flowmesh.edge.gateway-token=" + ReplayIT.GATEWAY_TOKEN)
@AutoConfigureMockMvc
class ReplayIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "eventreplay");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired TenantDataPurge purge;

  private EventServiceApi api;

  @BeforeEach
  void api() {
    api = new EventServiceApi(mvc, GATEWAY_TOKEN);
  }

  @Test
  void aDryRunSaysWhatWouldStartThenTheReplayStartsItOnceUnlessForced() throws Exception {
    String from = Instant.now().minusSeconds(1).toString();
    for (int total : new int[] {50, 150, 250}) {
      send("replayco", "com.replayco.order", "{\"total\": " + total + "}");
    }
    send("replayco", "com.replayco.other", "{\"total\": 999}");
    String to = Instant.now().plusSeconds(1).toString();
    // a trigger created after the events: nothing has started yet
    String trigger =
        api.createTrigger(
            "replayco",
            """
            {"name": "big", "workflowId": "w", "eventTypes": ["com.replayco.order"],
             "filter": "event.data.total > 100"}
            """);
    String range = "\"from\": \"" + from + "\", \"to\": \"" + to + "\"";

    MvcTestResult dry = replay("replayco", "{" + range + "}");
    assertThat(dry).hasStatusOk();
    assertThat(dry).bodyJson().extractingPath("$.dryRun").isEqualTo(true);
    assertThat(dry).bodyJson().extractingPath("$.events").isEqualTo(4);
    assertThat(dry).bodyJson().extractingPath("$.outcomes.started").isEqualTo(2);
    assertThat(dry).bodyJson().extractingPath("$.outcomes.filtered").isEqualTo(1);
    assertThat(evaluations(trigger)).isZero();
    assertThat(startRequests()).isZero();

    MvcTestResult real = replay("replayco", "{" + range + ", \"dryRun\": false}");
    assertThat(real).bodyJson().extractingPath("$.outcomes.started").isEqualTo(2);
    assertThat(evaluations(trigger)).isEqualTo(3);
    assertThat(startRequests()).isEqualTo(2);

    // again: every event was evaluated by the trigger, so nothing starts
    MvcTestResult again = replay("replayco", "{" + range + ", \"dryRun\": false}");
    assertThat(again).bodyJson().extractingPath("$.outcomes.duplicate").isEqualTo(3);
    assertThat(again).bodyJson().doesNotHavePath("$.outcomes.started");
    assertThat(startRequests()).isEqualTo(2);

    // forced, with the one trigger: the two start again, under the replay's own key
    MvcTestResult forced =
        replay(
            "replayco",
            "{"
                + range
                + ", \"dryRun\": false, \"force\": true, \"triggerId\": \""
                + trigger
                + "\"}");
    assertThat(forced).bodyJson().extractingPath("$.outcomes.started").isEqualTo(2);
    String replayId = JsonPath.read(forced.getResponse().getContentAsString(), "$.replayId");
    assertThat(startRequests()).isEqualTo(4);
    List<String> keys =
        jdbc.sql(
                "SELECT replay_id FROM trigger_evaluations WHERE trigger_id = :t AND outcome = 'started'")
            .param("t", trigger)
            .query(String.class)
            .list();
    assertThat(keys).containsExactlyInAnyOrder("", "", replayId, replayId);
    assertThat(api.get("replayco", "/api/v1/triggers/" + trigger + "/evaluations"))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(6);
  }

  @Test
  void badReplaysNameTheFieldAndAnotherTenantsTriggerIsNotFound() throws Exception {
    MvcTestResult bad = replay("badco", "{\"from\": \"yesterday\"}");
    assertThat(bad).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(bad)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder("from", "to");

    String theirs =
        api.createTrigger(
            "otherco", "{\"name\": \"t\", \"workflowId\": \"w\", \"eventTypes\": [\"*\"]}");
    String range =
        "\"from\": \""
            + Instant.now().minusSeconds(60)
            + "\", \"to\": \""
            + Instant.now().plusSeconds(1)
            + "\"";
    assertThat(replay("badco", "{" + range + ", \"triggerId\": \"" + theirs + "\"}"))
        .hasStatus(404);
  }

  @Test
  void deletingTheTenantsDataEmptiesEveryTableOfIt() throws Exception {
    api.createTrigger(
        "goneco", "{\"name\": \"t\", \"workflowId\": \"w\", \"eventTypes\": [\"*\"]}");
    send("goneco", "com.goneco.x", "{\"n\": 1}");
    assertThat(
            api.post(
                "goneco",
                "/api/v1/schedules",
                "{\"name\": \"s\", \"workflowId\": \"w\", \"every\": \"PT1H\"}"))
        .hasStatus(201);
    assertThat(
            api.post(
                "goneco",
                "/api/v1/hooks",
                "{\"name\": \"h\", \"eventType\": \"com.goneco.h\","
                    + " \"verification\": {\"scheme\": \"bearer\"}}"))
        .hasStatus(201);
    send("keptco", "com.keptco.x", "{\"n\": 1}");

    assertThat(mvc.delete().uri("/internal/v1/tenants/goneco/data").exchange()).hasStatus(401);
    MvcTestResult purged =
        mvc.delete()
            .uri("/internal/v1/tenants/goneco/data")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .exchange();
    assertThat(purged).hasStatusOk();
    assertThat(purged).bodyJson().extractingPath("$.deleted.events").isEqualTo(1);

    assertThat(purge.tablesWithoutTenant()).containsOnly("flyway_schema_history");
    for (String table : purge.tenantTablesChildrenFirst()) {
      assertThat(rows(table, "goneco")).as(table).isZero();
    }
    assertThat(rows("events", "keptco")).isEqualTo(1);
  }

  private long rows(String table, String tenant) {
    return jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant = :tenant")
        .param("tenant", tenant)
        .query(Long.class)
        .single();
  }

  private long evaluations(String trigger) {
    return jdbc.sql("SELECT count(*) FROM trigger_evaluations WHERE trigger_id = :t")
        .param("t", trigger)
        .query(Long.class)
        .single();
  }

  /** The runs requested for the tenant (the outbox rows are gone once Kafka has them). */
  private long startRequests() {
    return jdbc.sql("SELECT count(*) FROM started_runs WHERE tenant = 'replayco'")
        .query(Long.class)
        .single();
  }

  private MvcTestResult replay(String tenant, String body) {
    return api.post(tenant, "/api/v1/events/replay", body);
  }

  private void send(String tenant, String type, String data) {
    api.send(tenant, EventServiceApi.event(type, data));
  }
}
