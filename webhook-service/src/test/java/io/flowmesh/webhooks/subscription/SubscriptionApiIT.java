package io.flowmesh.webhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.webhooks.WebhookServiceIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The subscription API as a client behind the gateway sees it. */
class SubscriptionApiIT extends WebhookServiceIntegrationTest {

  private static final String PATH = "/api/v1/webhook-subscriptions";

  @Test
  void createsASubscriptionAndShowsTheSecretOnlyOnce() {
    String tenant = newTenant("acme");

    Response created =
        post(
            tenant,
            PATH,
            """
            {"url": "http://127.0.0.1:9/hooks", "eventTypes": ["io.flowmesh.run.*", "io.flowmesh.run.completed.v1"]}
            """);

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.body();
    String id = body.get("id").asString();
    assertThat(id).matches("whs_[0-9a-f]{32}");
    assertThat(created.raw().headers().firstValue("location")).hasValue(PATH + "/" + id);
    assertThat(body.get("url").asString()).isEqualTo("http://127.0.0.1:9/hooks");
    assertThat(body.get("eventTypes").values().stream().map(JsonNode::asString).toList())
        .containsExactly("io.flowmesh.run.*", "io.flowmesh.run.completed.v1");
    assertThat(body.get("state").asString()).isEqualTo("ACTIVE");
    assertThat(body.get("createdAt").asString()).endsWith("Z");
    String secret = body.get("secret").asString();
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(24);

    Response read = get(tenant, PATH + "/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().get("id").asString()).isEqualTo(id);
    assertThat(read.body().has("secret")).isFalse();

    Response list = get(tenant, PATH);
    assertThat(list.body().get("items").values()).hasSize(1);
    assertThat(list.body().get("items").get(0).has("secret")).isFalse();
  }

  @Test
  void aTenantAtItsQuotaCreatesNoMoreSubscriptions() {
    // the tenant's own quota of 2 is in application-test.yml
    String tenant = "subscription-quota";
    subscribe(tenant, "http://127.0.0.1:9/q1", "io.flowmesh.run.*");
    String second =
        subscribe(tenant, "http://127.0.0.1:9/q2", "io.flowmesh.run.*").get("id").asString();

    Response third =
        post(
            tenant,
            PATH,
            "{\"url\": \"http://127.0.0.1:9/q3\", \"eventTypes\": [\"io.flowmesh.run.*\"]}");

    assertThat(third.status()).isEqualTo(409);
    assertThat(third.body().get("type").asString())
        .isEqualTo(ProblemTypes.QUOTA_EXCEEDED.toString());
    assertThat(third.body().get("quota").asString()).isEqualTo("subscriptions");
    assertThat(get(tenant, PATH).body().get("items").values()).hasSize(2);

    // one deleted, one more fits
    assertThat(delete(tenant, PATH + "/" + second).status()).isEqualTo(204);
    subscribe(tenant, "http://127.0.0.1:9/q3", "io.flowmesh.run.*");
  }

  @Test
  void listsWithCursorPagination() {
    String tenant = newTenant("pages");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          subscribe(tenant, "http://127.0.0.1:9/h" + i, "io.flowmesh.run.*").get("id").asString());
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page = get(tenant, PATH + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).isEqualTo(200);
      page.body().get("items").values().forEach(item -> seen.add(item.get("id").asString()));
      JsonNode next = page.body().get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asString();
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void deletesASubscription() {
    String tenant = newTenant("del");
    String id = subscribe(tenant, "http://127.0.0.1:9/x", "*").get("id").asString();

    assertThat(delete(tenant, PATH + "/" + id).status()).isEqualTo(204);

    assertProblem(get(tenant, PATH + "/" + id), 404, ProblemTypes.NOT_FOUND);
    assertProblem(delete(tenant, PATH + "/" + id), 404, ProblemTypes.NOT_FOUND);
  }

  @Test
  void unknownIdIsNotFound() {
    Response response = get(newTenant("nf"), PATH + "/whs_0190f7a1b2c37d4e8f9a0b1c2d3e4f50");

    assertProblem(response, 404, ProblemTypes.NOT_FOUND);
    assertThat(response.body().get("detail").asString())
        .contains("whs_0190f7a1b2c37d4e8f9a0b1c2d3e4f50");
  }

  @Test
  void anotherTenantsSubscriptionIsNotFound() {
    String owner = newTenant("owner");
    String id = subscribe(owner, "http://127.0.0.1:9/x", "*").get("id").asString();
    String intruder = newTenant("intruder");

    assertProblem(get(intruder, PATH + "/" + id), 404, ProblemTypes.NOT_FOUND);
    assertProblem(delete(intruder, PATH + "/" + id), 404, ProblemTypes.NOT_FOUND);
    assertThat(get(intruder, PATH).body().get("items").values()).isEmpty();
    assertThat(get(owner, PATH + "/" + id).status()).isEqualTo(200);
  }

  @Test
  void refusesRequestsThatDidNotComeThroughTheGateway() {
    HttpRequest withoutToken =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
            .header(InternalHeaders.TENANT, "acme")
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"url\":\"http://127.0.0.1:9/x\",\"eventTypes\":[\"*\"]}"))
            .build();
    HttpRequest wrongToken =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
            .header(InternalHeaders.GATEWAY_TOKEN, "guess")
            .header(InternalHeaders.TENANT, "acme")
            .GET()
            .build();

    assertProblem(send(withoutToken), 401, ProblemTypes.UNAUTHORIZED);
    assertProblem(send(wrongToken), 401, ProblemTypes.UNAUTHORIZED);
  }

  @Test
  void malformedJsonIsAProblem() {
    Response response = post(newTenant("bad"), PATH, "{\"url\": \"http://127.0.0.1:9/x\",");

    assertProblem(response, 400, ProblemTypes.MALFORMED_REQUEST);
    assertThat(response.body().get("detail").asString()).contains("Malformed JSON");
  }

  @Test
  void wrongTypeNamesTheField() {
    Response response =
        post(newTenant("bad"), PATH, "{\"url\": \"http://127.0.0.1:9/x\", \"eventTypes\": \"x\"}");

    assertProblem(response, 400, ProblemTypes.MALFORMED_REQUEST);
    assertThat(response.body().get("detail").asString()).contains("eventTypes");
  }

  @Test
  void validatesUrlAndEventTypesTogether() {
    Response response =
        post(newTenant("bad"), PATH, "{\"url\": \"ftp://example.com/x\", \"eventTypes\": []}");

    assertProblem(response, 400, ProblemTypes.VALIDATION);
    assertThat(fieldErrors(response))
        .containsExactly(
            "url: scheme 'ftp' is not allowed; use http or https",
            "eventTypes: must contain at least one event type or pattern, e.g. io.flowmesh.run.*");
  }

  @Test
  void missingFieldsAreNamed() {
    Response response = post(newTenant("bad"), PATH, "{}");

    assertProblem(response, 400, ProblemTypes.VALIDATION);
    assertThat(fieldErrors(response))
        .containsExactly("url: is required", "eventTypes: is required");
  }

  @Test
  void relativeUrlAndBadPatternAreNamed() {
    Response response =
        post(
            newTenant("bad"),
            PATH,
            "{\"url\": \"/hooks\", \"eventTypes\": [\"io.flowmesh.run.*\", \"io flowmesh\", \"\"]}");

    assertProblem(response, 400, ProblemTypes.VALIDATION);
    assertThat(fieldErrors(response))
        .containsExactly(
            "url: must be an absolute http or https URL",
            "eventTypes[1]: may contain only letters, digits, '.', '_', ':', '/', '-' and the"
                + " wildcard '*'",
            "eventTypes[2]: must not be blank");
  }

  @Test
  void refusesTheCloudMetadataAddress() {
    Response response =
        post(
            newTenant("ssrf"),
            PATH,
            "{\"url\": \"http://169.254.169.254/latest/meta-data/\", \"eventTypes\": [\"*\"]}");

    assertProblem(response, 400, ProblemTypes.VALIDATION);
    assertThat(fieldErrors(response))
        .singleElement()
        .asString()
        .startsWith("url: 169.254.169.254 is a cloud metadata service address");
  }

  @Test
  void refusesPrivateAndOtherInternalAddresses() {
    String tenant = newTenant("ssrf");
    assertThat(ssrfError(tenant, "http://10.1.2.3:8080/hook"))
        .contains("a private network address");
    assertThat(ssrfError(tenant, "https://192.168.0.10/hook"))
        .contains("a private network address");
    assertThat(ssrfError(tenant, "http://[fd12:3456::1]/hook"))
        .contains("a unique-local IPv6 address");
    assertThat(ssrfError(tenant, "http://[::ffff:169.254.169.254]/")).contains("metadata");
    assertThat(ssrfError(tenant, "http://0.0.0.0/")).contains("unspecified");
    assertThat(get(tenant, PATH).body().get("items").values()).isEmpty();
  }

  @Test
  void allowsLoopbackOnlyBecauseTheTestConfigurationSaysSo() {
    assertThat(
            post(
                    newTenant("loop"),
                    PATH,
                    "{\"url\": \"http://localhost:9/hook\", \"eventTypes\": [\"*\"]}")
                .status())
        .isEqualTo(201);
  }

  @Test
  void idempotencyKeyReplaysTheCreation() {
    String tenant = newTenant("idem");
    String body = "{\"url\": \"http://127.0.0.1:9/x\", \"eventTypes\": [\"*\"]}";

    Response first = post(tenant, PATH, body, "Idempotency-Key", "create-1");
    Response again = post(tenant, PATH, body, "Idempotency-Key", "create-1");
    Response different =
        post(
            tenant,
            PATH,
            "{\"url\": \"http://127.0.0.1:9/y\", \"eventTypes\": [\"*\"]}",
            "Idempotency-Key",
            "create-1");

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.raw().headers().firstValue("idempotent-replayed")).hasValue("true");
    assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
    assertThat(again.body().get("secret")).isEqualTo(first.body().get("secret"));
    assertProblem(different, 409, ProblemTypes.CONFLICT);
    assertThat(get(tenant, PATH).body().get("items").values()).hasSize(1);
  }

  @Test
  void badPaginationParametersAreNamed() {
    String tenant = newTenant("pg");
    assertThat(fieldErrors(get(tenant, PATH + "?limit=0")))
        .containsExactly("limit: must be between 1 and 100");
    assertThat(fieldErrors(get(tenant, PATH + "?cursor=garbage!")))
        .containsExactly("cursor: is not a cursor returned by this endpoint");
    assertProblem(get(tenant, PATH + "?limit=many"), 400, ProblemTypes.VALIDATION);
  }

  private String ssrfError(String tenant, String url) {
    Response response = post(tenant, PATH, "{\"url\": \"" + url + "\", \"eventTypes\": [\"*\"]}");
    assertProblem(response, 400, ProblemTypes.VALIDATION);
    List<String> errors = fieldErrors(response);
    assertThat(errors).singleElement().asString().startsWith("url: ");
    return errors.getFirst();
  }

  private static List<String> fieldErrors(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    return response.body().get("errors").values().stream()
        .map(e -> e.get("field").asString() + ": " + e.get("message").asString())
        .toList();
  }

  private static void assertProblem(Response response, int status, URI type) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(response.body().get("type").asString()).isEqualTo(type.toString());
    assertThat(response.body().get("status").asInt()).isEqualTo(status);
    assertThat(response.body().get("detail").asString()).isNotBlank();
  }
}
