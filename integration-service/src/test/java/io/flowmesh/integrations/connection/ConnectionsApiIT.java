package io.flowmesh.integrations.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.integrations.ServiceIT;
import io.flowmesh.model.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Creating, reading, changing and deleting connections through the public API. */
class ConnectionsApiIT extends ServiceIT {

  private static final String BEARER =
      """
      {"type": "http-bearer", "name": "%s",
       "settings": {"baseUrl": "https://api.example.com"},
       "secrets": {"token": "%s"}}""";

  @Test
  void createsAConnectionWithItsSecretMaskedAndEncrypted() {
    MvcTestResult created =
        post("crud-a", "/api/v1/connections", BEARER.formatted("reports", "tok-CREATE-7f3a"));

    assertThat(created).hasStatus(201);
    assertThat(created.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
    String id = JsonPath.read(body(created), "$.id");
    assertThat(id).startsWith("con_");
    assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/connections/" + id);
    assertThat(created).bodyJson().extractingPath("$.secrets.token").isEqualTo("••••");
    assertThat(created).bodyJson().extractingPath("$.hasSecret").isEqualTo(true);
    assertThat(created).bodyJson().extractingPath("$.enabled").isEqualTo(true);
    assertThat(created).bodyJson().extractingPath("$.healthStatus").isEqualTo("UNKNOWN");
    assertThat(body(created)).doesNotContain("tok-CREATE-7f3a");

    MvcTestResult read = get("crud-a", "/api/v1/connections/" + id);
    assertThat(read).hasStatusOk();
    assertThat(read.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(read)
        .bodyJson()
        .extractingPath("$.settings.baseUrl")
        .isEqualTo("https://api.example.com");
    assertThat(body(read)).doesNotContain("tok-CREATE-7f3a");

    Map<String, Object> stored =
        jdbc.sql("SELECT encrypted_secret, key_id FROM connections WHERE id = ?")
            .param(id)
            .query()
            .singleRow();
    assertThat(stored.get("key_id")).isEqualTo("test-2026");
    assertThat(new String((byte[]) stored.get("encrypted_secret"), StandardCharsets.ISO_8859_1))
        .doesNotContain("tok-CREATE-7f3a");
  }

  @Test
  void reportsEveryProblemAtOnceWithItsPath() {
    MvcTestResult result =
        post(
            "crud-b",
            "/api/v1/connections",
            """
            {"type": "http-basic",
             "settings": {"baseUrl": "ftp://files.example.com", "username": "a:b", "extra": 1},
             "secrets": {"pass": "x"}}""");

    assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.VALIDATION.toString());
    List<String> fields = JsonPath.read(body(result), "$.errors[*].field");
    assertThat(fields)
        .contains(
            "name",
            "settings.baseUrl",
            "settings.username",
            "settings.extra",
            "secrets.password",
            "secrets.pass");
  }

  @Test
  void secretValuesNeverAppearInProblems() {
    MvcTestResult result =
        post(
            "crud-b",
            "/api/v1/connections",
            """
            {"type": "slack-webhook", "name": "alerts",
             "secrets": {"webhookUrl": "https://evil.example/SECRET-HOOK-99"}}""");

    assertThat(result).hasStatus(400);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("secrets.webhookUrl");
    assertThat(body(result)).doesNotContain("SECRET-HOOK-99");
  }

  @Test
  void unknownTypeAndNonObjectSettingsAreFieldProblems() {
    MvcTestResult result =
        post(
            "crud-b",
            "/api/v1/connections",
            """
            {"type": "carrier-pigeon", "name": "coo", "settings": [1]}""");

    assertThat(result).hasStatus(400);
    List<String> fields = JsonPath.read(body(result), "$.errors[*].field");
    assertThat(fields).containsExactlyInAnyOrder("type", "settings");
    assertThat(post("crud-b", "/api/v1/connections", "{\"type\": ")).hasStatus(400);
  }

  @Test
  void severalConnectionsPerTypeArePagedByCursorAndFilterableByType() {
    create("crud-c", BEARER.formatted("one", "t1"));
    create("crud-c", BEARER.formatted("two", "t2"));
    create("crud-c", BEARER.formatted("three", "t3"));
    create(
        "crud-c",
        """
        {"type": "slack-webhook", "name": "alerts",
         "secrets": {"webhookUrl": "https://hooks.slack.com/services/T/B/x"}}""");

    MvcTestResult first = get("crud-c", "/api/v1/connections?limit=2&type=http-bearer");
    assertThat(first)
        .bodyJson()
        .extractingPath("$.items[*].name")
        .asArray()
        .containsExactly("one", "two");
    String cursor = JsonPath.read(body(first), "$.nextCursor");
    MvcTestResult second =
        get("crud-c", "/api/v1/connections?limit=2&type=http-bearer&cursor=" + cursor);
    assertThat(second)
        .bodyJson()
        .extractingPath("$.items[*].name")
        .asArray()
        .containsExactly("three");
    assertThat(second).bodyJson().extractingPath("$.nextCursor").isNull();
    assertThat(get("crud-c", "/api/v1/connections"))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(4);
  }

  @Test
  void updatesNeedTheCurrentETagAndKeepSecretsUnlessGiven() {
    String id = create("crud-d", BEARER.formatted("api", "tok-KEEP-1"));
    String uri = "/api/v1/connections/" + id;

    MvcTestResult renamed =
        patch(
            "crud-d",
            uri,
            "\"1\"",
            """
            {"name": "api-v2", "settings": {"baseUrl": "https://v2.example.com"}}""");
    assertThat(renamed).hasStatusOk();
    assertThat(renamed.getResponse().getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(renamed).bodyJson().extractingPath("$.name").isEqualTo("api-v2");
    // A changed connection is health-checked next, not at its old schedule.
    assertThat(
            jdbc.sql("SELECT next_check_at = updated_at FROM connections WHERE id = ?")
                .param(id)
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(resolve("crud-d", id))
        .bodyJson()
        .extractingPath("$.secrets.token")
        .isEqualTo("tok-KEEP-1");

    MvcTestResult stale = patch("crud-d", uri, "\"1\"", "{\"name\": \"again\"}");
    assertThat(stale).hasStatus(412).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(stale).bodyJson().extractingPath("$.detail").asString().contains("\"2\"");
    assertThat(patch("crud-d", uri, null, "{\"name\": \"again\"}")).hasStatus(428);

    MvcTestResult newSecret =
        patch("crud-d", uri, "\"2\"", "{\"secrets\": {\"token\": \"tok-NEW-2\"}}");
    assertThat(newSecret).hasStatusOk();
    assertThat(body(newSecret)).doesNotContain("tok-NEW-2");
    assertThat(resolve("crud-d", id))
        .bodyJson()
        .extractingPath("$.secrets.token")
        .isEqualTo("tok-NEW-2");

    MvcTestResult invalid =
        patch("crud-d", uri, "\"3\"", "{\"secrets\": {\"token\": null}, \"settings\": {}}");
    assertThat(invalid).hasStatus(400);
    List<String> fields = JsonPath.read(body(invalid), "$.errors[*].field");
    assertThat(fields).containsExactlyInAnyOrder("settings.baseUrl", "secrets.token");
  }

  @Test
  void anotherTenantsConnectionIsA404ForEveryOperation() {
    String id = create("crud-e", BEARER.formatted("mine", "tok-E"));
    String uri = "/api/v1/connections/" + id;

    assertThat(get("crud-intruder", uri)).hasStatus(404);
    assertThat(patch("crud-intruder", uri, "\"1\"", "{\"name\": \"x\"}")).hasStatus(404);
    assertThat(patch("crud-intruder", uri, null, "{\"name\": \"x\"}")).hasStatus(404);
    assertThat(delete("crud-intruder", uri)).hasStatus(404);
    assertThat(resolve("crud-intruder", id)).hasStatus(404);
    assertThat(get("crud-e", uri)).hasStatusOk();
  }

  @Test
  void deletesAConnection() {
    String id = create("crud-f", BEARER.formatted("gone", "tok-F"));

    assertThat(delete("crud-f", "/api/v1/connections/" + id)).hasStatus(204);
    assertThat(get("crud-f", "/api/v1/connections/" + id)).hasStatus(404);
    assertThat(delete("crud-f", "/api/v1/connections/" + id)).hasStatus(404);
  }

  @Test
  void namesAreUniquePerTenant() {
    create("crud-g", BEARER.formatted("same", "tok-G"));

    MvcTestResult duplicate = post("crud-g", "/api/v1/connections", BEARER.formatted("same", "x"));
    assertThat(duplicate).hasStatus(409);
    assertThat(duplicate)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.CONFLICT.toString());
    create("crud-g-other", BEARER.formatted("same", "tok-G"));
  }

  @Test
  void anIdempotencyKeyMakesCreateSafeToRepeat() {
    String body = BEARER.formatted("idem", "tok-I");
    MvcTestResult first = postWithKey("crud-h", body, "key-1");
    MvcTestResult again = postWithKey("crud-h", body, "key-1");

    assertThat(first).hasStatus(201);
    assertThat(again).hasStatus(201);
    assertThat((String) JsonPath.read(body(again), "$.id"))
        .isEqualTo(JsonPath.read(body(first), "$.id"));
    assertThat(postWithKey("crud-h", BEARER.formatted("other", "tok-I"), "key-1")).hasStatus(409);
    assertThat(get("crud-h", "/api/v1/connections"))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(1);
  }

  private MvcTestResult postWithKey(String tenant, String body, String key) {
    return mvc.post()
        .uri("/api/v1/connections")
        .header(io.flowmesh.model.InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(io.flowmesh.model.InternalHeaders.TENANT, tenant)
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }
}
