package io.flowmesh.events.eventtype;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.testinfra.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
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

/** The event type catalogue's REST API as the gateway calls it, on a migrated database. */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + EventTypesIT.GATEWAY_TOKEN,
      "management.endpoint.health.show-components=always"
    })
@AutoConfigureMockMvc
class EventTypesIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  /** The platform's types, in the catalogue's order (by name). */
  private static final String[] PLATFORM_TYPES =
      PlatformEventTypes.ALL.stream()
          .map(PlatformEventTypes.Entry::type)
          .sorted()
          .toArray(String[]::new);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "events");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;

  @Test
  void listsThePlatformTypesToEveryTenant() {
    MvcTestResult result = get("fresh-tenant", "/api/v1/event-types");

    assertThat(result).hasStatusOk();
    assertThat(result)
        .bodyJson()
        .extractingPath("$.items[*].type")
        .asArray()
        .containsExactly((Object[]) PLATFORM_TYPES);
    assertThat(result).bodyJson().extractingPath("$.items[0].shared").isEqualTo(true);
    assertThat(result).bodyJson().extractingPath("$.nextCursor").isNull();
  }

  @Test
  void pagesWithACursorUntilTheEnd() throws Exception {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      MvcTestResult page =
          get(
              "paging-tenant",
              "/api/v1/event-types?limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
      String body = page.getResponse().getContentAsString();
      List<String> types = JsonPath.read(body, "$.items[*].type");
      assertThat(types).hasSizeLessThanOrEqualTo(4);
      seen.addAll(types);
      cursor = JsonPath.read(body, "$.nextCursor");
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactly(PLATFORM_TYPES);
    assertThat(pages).isEqualTo((PLATFORM_TYPES.length + 3) / 4);
  }

  @Test
  void getsATypeWithItsDataSchema() {
    MvcTestResult result = get("acme", "/api/v1/event-types/" + EventTypes.RUN_COMPLETED);

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(EventTypes.RUN_COMPLETED);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.schema.required")
        .asArray()
        .contains("runId", "outputs", "completedAt");
    assertThat(result)
        .bodyJson()
        .extractingPath("$.schema.properties.workflowVersion.type")
        .isEqualTo("integer");
  }

  @Test
  void aTenantsOwnTypesAreVisibleToItAlone() {
    jdbc.sql(
            "INSERT INTO event_types (tenant, type, description, schema)"
                + " VALUES ('initech', 'com.initech.tps.filed.v1', 'A TPS report was filed.',"
                + " '{\"type\": \"object\"}')")
        .update();

    assertThat(get("initech", "/api/v1/event-types"))
        .bodyJson()
        .extractingPath("$.items[0].type")
        .isEqualTo("com.initech.tps.filed.v1");
    assertThat(get("initech", "/api/v1/event-types/com.initech.tps.filed.v1"))
        .bodyJson()
        .extractingPath("$.shared")
        .isEqualTo(false);
    assertThat(get("hooli", "/api/v1/event-types/com.initech.tps.filed.v1")).hasStatus(404);
  }

  @Test
  void unknownTypeIsA404Problem() {
    MvcTestResult result = get("acme", "/api/v1/event-types/io.flowmesh.nope.v1");

    assertThat(result).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.NOT_FOUND.toString());
    assertThat(result)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("io.flowmesh.nope.v1");
  }

  @Test
  void badPagingParametersAre400Problems() {
    MvcTestResult tooMany = get("acme", "/api/v1/event-types?limit=1000");
    assertThat(tooMany).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(tooMany).bodyJson().extractingPath("$.errors[0].field").isEqualTo("limit");

    assertThat(get("acme", "/api/v1/event-types?limit=many")).hasStatus(400);
    assertThat(get("acme", "/api/v1/event-types?cursor=forged")).hasStatus(400);
  }

  @Test
  void requestWithoutTheGatewayTokenIsA401Problem() {
    MvcTestResult result =
        mvc.get().uri("/api/v1/event-types").header(InternalHeaders.TENANT, "acme").exchange();

    assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.UNAUTHORIZED.toString());
  }

  @Test
  void readinessCoversDatabaseAndKafka() {
    MvcTestResult result = mvc.get().uri("/actuator/health/readiness").exchange();

    assertThat(result).hasStatusOk();
    assertThat(result).bodyJson().extractingPath("$.components.db.status").isEqualTo("UP");
    assertThat(result).bodyJson().extractingPath("$.components.kafka.status").isEqualTo("UP");
    assertThat(mvc.get().uri("/actuator/prometheus").exchange()).hasStatusOk();
    assertThat(mvc.get().uri("/v3/api-docs").exchange())
        .bodyJson()
        .extractingPath("$.paths['/api/v1/event-types/{type}']")
        .isNotNull();
  }

  @Test
  void theEventStoreIsMigrated() {
    assertThat(
            jdbc.sql("SELECT count(*) FROM events WHERE tenant = 'nobody-sent-events'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aTenantRegistersChangesCompatiblyAndRetiresItsOwnTypes() {
    String type = "com.umbrella.order.placed.v1";
    MvcTestResult registered =
        send(
            "POST",
            "umbrella",
            "/api/v1/event-types",
            """
            {"type": "%s", "description": "An order was placed.",
             "schema": {"type": "object", "required": ["orderId", "total"],
                        "properties": {"orderId": {"type": "string"}, "total": {"type": "number"}}}}
            """
                .formatted(type));
    assertThat(registered).hasStatus(201);
    assertThat(registered).bodyJson().extractingPath("$.shared").isEqualTo(false);
    assertThat(
            send(
                "POST",
                "umbrella",
                "/api/v1/event-types",
                "{\"type\": \"%s\", \"description\": \"again\", \"schema\": {}}".formatted(type)))
        .hasStatus(409);

    // events of the type are checked against its schema
    assertThat(sendEvent("umbrella", type, "{\"orderId\": \"o-1\"}")).hasStatus(422);
    assertThat(sendEvent("umbrella", type, "{\"orderId\": \"o-1\", \"total\": 3}")).hasStatus(202);

    MvcTestResult narrowed =
        send(
            "PUT",
            "umbrella",
            "/api/v1/event-types/" + type,
            """
            {"description": "An order was placed.",
             "schema": {"type": "object", "required": ["orderId", "total", "currency"],
                        "properties": {"orderId": {"type": "string"}, "total": {"type": "integer"}}}}
            """);
    assertThat(narrowed).hasStatus(400);
    assertThat(narrowed)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder("schema.required", "schema.properties.total.type");

    MvcTestResult widened =
        send(
            "PUT",
            "umbrella",
            "/api/v1/event-types/" + type,
            """
            {"description": "An order was placed, maybe with a note.",
             "schema": {"type": "object", "required": ["orderId"],
                        "properties": {"orderId": {"type": "string"}, "total": {"type": "number"},
                                       "note": {"type": "string"}}}}
            """);
    assertThat(widened).hasStatusOk();
    assertThat(sendEvent("umbrella", type, "{\"orderId\": \"o-2\"}")).hasStatus(202);

    assertThat(send("PUT", "hooli", "/api/v1/event-types/" + type, "{}")).hasStatus(404);
    assertThat(send("DELETE", "hooli", "/api/v1/event-types/" + type, null)).hasStatus(404);
    assertThat(get("hooli", "/api/v1/event-types/" + type)).hasStatus(404);

    MvcTestResult retired = send("DELETE", "umbrella", "/api/v1/event-types/" + type, null);
    assertThat(retired).hasStatusOk();
    assertThat(retired).bodyJson().extractingPath("$.retiredAt").isNotNull();
    MvcTestResult refused = sendEvent("umbrella", type, "{\"orderId\": \"o-3\"}");
    assertThat(refused).hasStatus(422);
    assertThat(refused).bodyJson().extractingPath("$.errors[0].field").isEqualTo("type");
    assertThat(send("PUT", "umbrella", "/api/v1/event-types/" + type, "{}")).hasStatus(409);
  }

  @Test
  void badTypesAndThePlatformsOwnAreRefused() {
    MvcTestResult bad =
        send(
            "POST",
            "umbrella",
            "/api/v1/event-types",
            "{\"type\": \"io.flowmesh.mine\", \"schema\": {\"type\": \"objekt\"}}");
    assertThat(bad).hasStatus(400);
    assertThat(bad)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsOnly("type", "description", "schema");
    assertThat(
            send(
                "PUT",
                "umbrella",
                "/api/v1/event-types/" + EventTypes.RUN_COMPLETED,
                "{\"description\": \"x\", \"schema\": {}}"))
        .hasStatus(409);
    assertThat(send("DELETE", "umbrella", "/api/v1/event-types/" + EventTypes.RUN_COMPLETED, null))
        .hasStatus(409);
  }

  private MvcTestResult send(String method, String tenant, String uri, String body) {
    var request =
        mvc.method(org.springframework.http.HttpMethod.valueOf(method))
            .uri(uri)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant);
    if (body != null) {
      request = request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return request.exchange();
  }

  private MvcTestResult sendEvent(String tenant, String type, String data) {
    return mvc.post()
        .uri("/api/v1/events")
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .contentType("application/cloudevents+json")
        .content(
            "{\"specversion\": \"1.0\", \"id\": \"%s\", \"source\": \"/t\", \"type\": \"%s\", \"data\": %s}"
                .formatted(java.util.UUID.randomUUID(), type, data))
        .exchange();
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }
}
