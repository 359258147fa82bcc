package io.flowmesh.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.events.store.EventPartitions;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.testinfra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code POST /api/v1/events} in the three CloudEvents HTTP modes, and the event store behind it,
 * on a migrated PostgreSQL: what is accepted is stored once, what is refused is named precisely and
 * nothing of it is stored.
 */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + EventIngestIT.GATEWAY_TOKEN,
      "flowmesh.events.ingest.max-event-data=1KB"
    })
@AutoConfigureMockMvc
class EventIngestIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "events");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired EventPartitions partitions;

  @Test
  void aStructuredEventIsStoredAndReadBackById() throws Exception {
    String eventId = unique();
    MvcTestResult sent =
        post("acme", CloudEventsHttp.STRUCTURED)
            .content(
                """
                {"specversion": "1.0", "id": "%s", "source": "/orders", "type": "com.acme.order.placed",
                 "subject": "order-7", "time": "2026-12-07T10:00:00Z", "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                 "data": {"orderId": "o-7", "total": 12.5}}
                """
                    .formatted(eventId))
            .exchange();

    assertThat(sent).hasStatus(202);
    assertThat(sent).bodyJson().extractingPath("$.events[0].duplicate").isEqualTo(false);
    String id = JsonPath.read(sent.getResponse().getContentAsString(), "$.events[0].id");
    assertThat(id).startsWith("evt_");

    MvcTestResult read = get("acme", "/api/v1/events/" + id);
    assertThat(read).hasStatusOk();
    assertThat(read).bodyJson().extractingPath("$.origin").isEqualTo("api");
    assertThat(read).bodyJson().extractingPath("$.event.id").isEqualTo(eventId);
    assertThat(read).bodyJson().extractingPath("$.event.subject").isEqualTo("order-7");
    assertThat(read).bodyJson().extractingPath("$.event.time").isEqualTo("2026-12-07T10:00:00Z");
    assertThat(read).bodyJson().extractingPath("$.event.data.total").isEqualTo(12.5);
    assertThat(read)
        .bodyJson()
        .extractingPath("$.event.traceparent")
        .asString()
        .startsWith("00-0af7");
  }

  @Test
  void theSameSourceAndIdIsAcceptedAgainButStoredOnce() throws Exception {
    String body = structured(unique(), "com.acme.ping", "{\"n\": 1}");

    MvcTestResult first = post("acme", CloudEventsHttp.STRUCTURED).content(body).exchange();
    MvcTestResult again = post("acme", CloudEventsHttp.STRUCTURED).content(body).exchange();

    assertThat(again).hasStatus(202);
    assertThat(again).bodyJson().extractingPath("$.events[0].duplicate").isEqualTo(true);
    assertThat((String) JsonPath.read(again.getResponse().getContentAsString(), "$.events[0].id"))
        .isEqualTo(JsonPath.read(first.getResponse().getContentAsString(), "$.events[0].id"));
    assertThat(count("acme", JsonPath.read(body, "$.id"))).isEqualTo(1);
    // another tenant's event with the same source and id is its own
    assertThat(post("globex", CloudEventsHttp.STRUCTURED).content(body).exchange())
        .bodyJson()
        .extractingPath("$.events[0].duplicate")
        .isEqualTo(false);
  }

  @Test
  void aBinaryModeEventTakesItsAttributesFromHeaders() throws Exception {
    String eventId = unique();
    MvcTestResult sent =
        mvc.post()
            .uri("/api/v1/events")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, "acme")
            .header("ce-specversion", "1.0")
            .header("ce-id", eventId)
            .header("ce-source", "https://shop.example/orders")
            .header("ce-type", "com.acme.order.shipped")
            .header("ce-region", "eu")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"orderId\": \"o-8\"}")
            .exchange();

    assertThat(sent).hasStatus(202);
    String id = JsonPath.read(sent.getResponse().getContentAsString(), "$.events[0].id");
    MvcTestResult read = get("acme", "/api/v1/events/" + id);
    assertThat(read).bodyJson().extractingPath("$.event.type").isEqualTo("com.acme.order.shipped");
    assertThat(read).bodyJson().extractingPath("$.event.region").isEqualTo("eu");
    assertThat(read).bodyJson().extractingPath("$.event.data.orderId").isEqualTo("o-8");
  }

  @Test
  void aBatchIsStoredInOneGoWithDuplicatesInsideIt() throws Exception {
    String a = unique();
    String b = unique();
    String batch =
        "["
            + structured(a, "com.acme.batch", "{\"i\": 0}")
            + ","
            + structured(b, "com.acme.batch", "{\"i\": 1}")
            + ","
            + structured(a, "com.acme.batch", "{\"i\": 0}")
            + "]";

    MvcTestResult sent = post("acme", CloudEventsHttp.BATCH).content(batch).exchange();

    assertThat(sent).hasStatus(202);
    String answer = sent.getResponse().getContentAsString();
    List<Boolean> duplicates = JsonPath.read(answer, "$.events[*].duplicate");
    assertThat(duplicates).containsExactly(false, false, true);
    assertThat((String) JsonPath.read(answer, "$.events[2].id"))
        .isEqualTo(JsonPath.read(answer, "$.events[0].id"));
    assertThat(count("acme", a) + count("acme", b)).isEqualTo(2);
  }

  @Test
  void missingAttributesAreNamedAndNothingOfTheBatchIsStored() {
    String good = unique();
    String batch =
        "["
            + structured(good, "com.acme.batch", "{}")
            + ", {\"specversion\": \"1.0\", \"id\": \"x\", \"source\": \"/s\"}"
            + ", {\"specversion\": \"0.3\", \"id\": \"y\", \"source\": \"/s\", \"type\": \"t\"}]";

    MvcTestResult refused = post("acme", CloudEventsHttp.BATCH).content(batch).exchange();

    assertThat(refused).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("[1].type", "[2].specversion");
    assertThat(count("acme", good)).isZero();

    MvcTestResult binary =
        mvc.post()
            .uri("/api/v1/events")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, "acme")
            .header("ce-specversion", "1.0")
            .header("ce-id", "z")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{}")
            .exchange();
    assertThat(binary)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("ce-source", "ce-type");
  }

  @Test
  void dataThatBreaksItsTypesSchemaIsA422NamingThePath() {
    String eventId = unique();
    MvcTestResult refused =
        post("acme", CloudEventsHttp.STRUCTURED)
            .content(
                structured(
                    eventId,
                    "io.flowmesh.run.completed.v1",
                    "{\"runId\": \"r\", \"workflowId\": \"w\", \"workflowVersion\": \"one\","
                        + " \"outputs\": {}, \"completedAt\": \"2026-12-07T10:00:00Z\"}"))
            .exchange();

    assertThat(refused).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("data.workflowVersion");
    assertThat(count("acme", eventId)).isZero();
  }

  @Test
  void dataHoldingTheNulCharacterIsRefusedNamingThePathAndNothingIsStored() {
    String eventId = unique();
    MvcTestResult refused =
        post("acme", CloudEventsHttp.STRUCTURED)
            .content(structured(eventId, "com.acme.nul", "{\"note\": \"a\\u0000b\"}"))
            .exchange();

    assertThat(refused).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused).bodyJson().extractingPath("$.errors[0].field").isEqualTo("data.note");
    assertThat(count("acme", eventId)).isZero();
  }

  @Test
  void oversizedDataAndNonCloudEventsAreRefused() {
    String big = "{\"blob\": \"" + "x".repeat(2000) + "\"}";
    MvcTestResult tooLarge =
        post("acme", CloudEventsHttp.STRUCTURED)
            .content(structured(unique(), "com.acme.big", big))
            .exchange();
    assertThat(tooLarge).hasStatus(413);
    assertThat(tooLarge)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.PAYLOAD_TOO_LARGE.toString());

    MvcTestResult plain =
        post("acme", MediaType.APPLICATION_JSON_VALUE).content("{\"hello\": 1}").exchange();
    assertThat(plain).hasStatus(415);
    assertThat(plain).bodyJson().extractingPath("$.detail").asString().contains("ce-specversion");

    assertThat(post("acme", CloudEventsHttp.STRUCTURED).content("{not json").exchange())
        .hasStatus(400);
    assertThat(
            post("acme", CloudEventsHttp.STRUCTURED)
                .content(
                    "{\"specversion\": \"1.0\", \"id\": \"a\", \"source\": \"/s\", \"type\": \"t\","
                        + " \"tenant\": \"globex\"}")
                .exchange())
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("tenant");
  }

  @Test
  void eventsAreListedByFilterWithACursorAndAreInvisibleToOtherTenants() throws Exception {
    String subject = "sub-" + unique();
    for (int i = 0; i < 3; i++) {
      post("initech", CloudEventsHttp.STRUCTURED)
          .content(
              """
              {"specversion": "1.0", "id": "%s", "source": "/tps", "type": "com.initech.tps.filed",
               "subject": "%s", "data": {"n": %d}}
              """
                  .formatted(unique(), subject, i))
          .exchange();
    }

    MvcTestResult first =
        get("initech", "/api/v1/events?type=com.initech.tps.filed&subject=" + subject + "&limit=2");
    assertThat(first).hasStatusOk();
    assertThat(first)
        .bodyJson()
        .extractingPath("$.items[*].event.data.n")
        .asArray()
        .containsExactly(0, 1);
    String cursor = JsonPath.read(first.getResponse().getContentAsString(), "$.nextCursor");
    String id = JsonPath.read(first.getResponse().getContentAsString(), "$.items[0].id");
    MvcTestResult second =
        get("initech", "/api/v1/events?subject=" + subject + "&limit=2&cursor=" + cursor);
    assertThat(second)
        .bodyJson()
        .extractingPath("$.items[*].event.data.n")
        .asArray()
        .containsExactly(2);
    assertThat(
            get(
                "initech",
                "/api/v1/events?subject=" + subject + "&from=" + Instant.now().plusSeconds(60)))
        .bodyJson()
        .extractingPath("$.items")
        .asArray()
        .isEmpty();

    assertThat(get("hooli", "/api/v1/events/" + id)).hasStatus(404);
    assertThat(get("hooli", "/api/v1/events?subject=" + subject))
        .bodyJson()
        .extractingPath("$.items")
        .asArray()
        .isEmpty();
    assertThat(get("initech", "/api/v1/events/evt_nonsense")).hasStatus(404);
    assertThat(get("initech", "/api/v1/events?from=yesterday")).hasStatus(400);
  }

  @Test
  void partitionsOlderThanTheRetentionAreDropped() {
    Instant longAgo = Instant.now().minus(Duration.ofDays(45));
    partitions.ensure(longAgo);
    assertThat(partitionCount()).anyMatch(name -> name.equals(name(longAgo)));

    partitions.maintain();

    assertThat(partitionCount()).noneMatch(name -> name.equals(name(longAgo)));
    assertThat(partitionCount())
        .contains(name(Instant.now()), name(Instant.now().plus(Duration.ofDays(3))));
  }

  private List<String> partitionCount() {
    return jdbc.sql(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'")
        .query(String.class)
        .list();
  }

  private static String name(Instant at) {
    return "events_p" + at.toString().substring(0, 10).replace("-", "");
  }

  private long count(String tenant, String eventId) {
    return jdbc.sql("SELECT count(*) FROM events WHERE tenant = :tenant AND event_id = :id")
        .param("tenant", tenant)
        .param("id", eventId)
        .query(Long.class)
        .single();
  }

  private static String structured(String id, String type, String data) {
    return """
        {"specversion": "1.0", "id": "%s", "source": "/tests", "type": "%s", "data": %s}
        """
        .formatted(id, type, data);
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }

  private MockMvcRequestBuilder post(String tenant, String contentType) {
    return mvc.post()
        .uri("/api/v1/events")
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .contentType(contentType);
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }
}
