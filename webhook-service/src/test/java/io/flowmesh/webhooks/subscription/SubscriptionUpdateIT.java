package io.flowmesh.webhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.ProblemTypes;
import io.flowmesh.webhooks.WebhookServiceIntegrationTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Updating, enabling, disabling and rotating subscriptions through the API. */
class SubscriptionUpdateIT extends WebhookServiceIntegrationTest {

  private static final String PATH = "/api/v1/webhook-subscriptions/";

  @Test
  void createsWithSettingsAndUpdatesWithIfMatch() {
    String tenant = newTenant("upd");
    JsonNode created =
        subscribeWith(
            tenant,
            "http://127.0.0.1:9/a",
            "\"filter\":\"event.data.amount > 100\",\"orderingKey\":\"event.data.customer\","
                + "\"rateLimit\":20,\"failurePolicy\":\"skip\"",
            "io.flowmesh.run.*");
    String id = created.get("id").asString();
    assertThat(created.get("filter").asString()).isEqualTo("event.data.amount > 100");
    assertThat(created.get("orderingKey").asString()).isEqualTo("event.data.customer");
    assertThat(created.get("rateLimit").asInt()).isEqualTo(20);
    assertThat(created.get("failurePolicy").asString()).isEqualTo("skip");

    Response read = get(tenant, PATH + id);
    String etag = read.raw().headers().firstValue("etag").orElseThrow();

    Response missing = patch(tenant, PATH + id, "{\"rateLimit\": 5}", null);
    assertProblem(missing, 428, ProblemTypes.PRECONDITION_FAILED);
    assertThat(missing.body().get("detail").asString()).contains("If-Match");

    Response updated =
        patch(
            tenant,
            PATH + id,
            "{\"rateLimit\": null, \"filter\": null, \"url\": \"http://127.0.0.1:9/b\"}",
            etag);
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().get("url").asString()).isEqualTo("http://127.0.0.1:9/b");
    assertThat(updated.body().get("rateLimit").isNull()).isTrue();
    assertThat(updated.body().get("filter").isNull()).isTrue();
    assertThat(updated.body().get("orderingKey").asString()).isEqualTo("event.data.customer");
    assertThat(updated.body().get("failurePolicy").asString()).isEqualTo("skip");
    String newEtag = updated.raw().headers().firstValue("etag").orElseThrow();
    assertThat(newEtag).isNotEqualTo(etag);

    Response stale = patch(tenant, PATH + id, "{\"failurePolicy\": \"block\"}", etag);
    assertProblem(stale, 412, ProblemTypes.PRECONDITION_FAILED);
    assertThat(get(tenant, PATH + id).body().get("failurePolicy").asString()).isEqualTo("skip");
  }

  @Test
  void badExpressionsAndSettingsAreNamed() {
    String tenant = newTenant("cel");
    Response bad =
        post(
            tenant,
            "/api/v1/webhook-subscriptions",
            """
            {"url": "http://127.0.0.1:9/a", "eventTypes": ["*"], "filter": "event.data.amount >",
             "orderingKey": "event.data.amount > 1", "rateLimit": 0, "failurePolicy": "retry"}
            """);
    assertProblem(bad, 400, ProblemTypes.VALIDATION);
    String errors = bad.body().toString();
    assertThat(errors)
        .contains("\"filter\"")
        .contains("is not a valid CEL expression giving a bool")
        .contains("\"orderingKey\"")
        .contains("giving a string")
        .contains("\"rateLimit\"")
        .contains("\"failurePolicy\"");

    String id = subscribe(tenant, "http://127.0.0.1:9/a", "*").get("id").asString();
    String etag = get(tenant, PATH + id).raw().headers().firstValue("etag").orElseThrow();
    Response patched =
        patch(tenant, PATH + id, "{\"filter\": \"'x' + 1\", \"colour\": \"red\"}", etag);
    assertProblem(patched, 400, ProblemTypes.VALIDATION);
    assertThat(patched.body().toString()).contains("\"colour\"");
    Response ssrf = patch(tenant, PATH + id, "{\"url\": \"http://169.254.169.254/latest/\"}", etag);
    assertProblem(ssrf, 400, ProblemTypes.VALIDATION);
    assertThat(ssrf.body().toString()).contains("metadata");
  }

  @Test
  void enableAndDisableAreStateChangesWithConflicts() {
    String tenant = newTenant("state");
    String id = subscribe(tenant, "http://127.0.0.1:9/a", "*").get("id").asString();

    assertProblem(post(tenant, PATH + id + "/enable", ""), 409, ProblemTypes.CONFLICT);
    Response disabled = post(tenant, PATH + id + "/disable", "");
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.body().get("state").asString()).isEqualTo("DISABLED");
    assertThat(disabled.body().get("disabledReason").asString()).contains("API");
    assertProblem(post(tenant, PATH + id + "/disable", ""), 409, ProblemTypes.CONFLICT);
    Response enabled = post(tenant, PATH + id + "/enable", "");
    assertThat(enabled.body().get("state").asString()).isEqualTo("ACTIVE");
    assertThat(enabled.body().get("disabledReason").isNull()).isTrue();

    String other = newTenant("other");
    assertProblem(post(other, PATH + id + "/disable", ""), 404, ProblemTypes.NOT_FOUND);
    assertProblem(post(other, PATH + id + "/enable", ""), 404, ProblemTypes.NOT_FOUND);
    assertProblem(post(other, PATH + id + "/rotate-secret", ""), 404, ProblemTypes.NOT_FOUND);
    assertProblem(patch(other, PATH + id, "{}", "*"), 404, ProblemTypes.NOT_FOUND);
  }

  @Test
  void rotationShowsTheNewSecretOnceAndBoundsTheOverlap() {
    String tenant = newTenant("rot");
    JsonNode created = subscribe(tenant, "http://127.0.0.1:9/a", "*");
    String id = created.get("id").asString();

    Response rotated = post(tenant, PATH + id + "/rotate-secret", "{\"overlap\": \"PT1H\"}");
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.body().get("secret").asString())
        .startsWith("whsec_")
        .isNotEqualTo(created.get("secret").asString());
    assertThat(rotated.body().get("previousSecretExpiresAt").asString()).endsWith("Z");
    JsonNode read = get(tenant, PATH + id).body();
    assertThat(read.has("secret")).isFalse();
    assertThat(read.get("previousSecretExpiresAt").asString()).endsWith("Z");

    Response tooLong = post(tenant, PATH + id + "/rotate-secret", "{\"overlap\": \"P30D\"}");
    assertProblem(tooLong, 400, ProblemTypes.VALIDATION);
    assertThat(tooLong.body().toString()).contains("\"overlap\"");
  }

  private static void assertProblem(Response response, int status, URI type) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("content-type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(response.body().get("type").asString()).isEqualTo(type.toString());
  }
}
