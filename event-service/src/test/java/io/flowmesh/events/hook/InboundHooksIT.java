package io.flowmesh.events.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.standardwebhooks.Webhook;
import io.flowmesh.events.testing.RunEventsOnKafka;
import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunCompleted;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inbound webhooks on a real PostgreSQL and Kafka: each scheme accepts a request signed as its
 * provider documents it and refuses a wrong signature, a stale timestamp and a missing header (a
 * 401 naming the check, counted, nothing stored); an accepted delivery is stored once however often
 * it is redelivered and starts a run through a trigger; another tenant's hook is a 404.
 */
@SpringBootTest(properties = "flowmesh.edge.gateway-token=" + InboundHooksIT.GATEWAY_TOKEN)
@AutoConfigureMockMvc
class InboundHooksIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "eventhooks");
    registry.add("flowmesh.events.consumer-group", () -> "event-service-hooks-it");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;
  @Autowired MeterRegistry meters;

  record Created(String id, String secret) {}

  // --- Standard Webhooks, and what every scheme shares: stored once, triggers run ---

  @Test
  void aStandardWebhooksDeliveryIsStoredOnceWhenRedeliveredAndStartsOneRun() throws Exception {
    String trigger =
        post(
            "acme",
            "/api/v1/triggers",
            """
            {"name": "paid invoices", "workflowId": "bill", "eventTypes": ["com.acme.invoice.paid"],
             "input": "{'invoice': event.data.invoice}"}
            """);
    Created hook =
        createHook(
            "acme",
            """
            {"name": "billing", "eventType": "com.acme.invoice.paid",
             "verification": {"scheme": "standard-webhooks"}}
            """);
    assertThat(hook.secret()).startsWith("whsec_");
    String body = "{\"invoice\":\"inv-42\",\"amount\":250}";
    String messageId = "msg_" + UUID.randomUUID();
    long now = Instant.now().getEpochSecond();

    try (KafkaConsumer<String, byte[]> requests = consumer(Topics.RUN_START_REQUESTS)) {
      MvcTestResult first =
          deliver(hook.id(), standardWebhooks(hook.secret(), messageId, now, body), body);
      MvcTestResult again =
          deliver(hook.id(), standardWebhooks(hook.secret(), messageId, now, body), body);

      assertThat(first).hasStatus(202);
      assertThat(first).bodyJson().extractingPath("$.duplicate").isEqualTo(false);
      String stored = JsonPath.read(first.getResponse().getContentAsString(), "$.id");
      assertThat(stored).startsWith("evt_");
      assertThat(again).hasStatus(202);
      assertThat(again).bodyJson().extractingPath("$.id").isEqualTo(stored);
      assertThat(again).bodyJson().extractingPath("$.duplicate").isEqualTo(true);

      List<RunStartRequested> started = startRequestsFor(requests, stored);
      assertThat(started).hasSize(1);
      assertThat(started.getFirst().triggerId()).isEqualTo(JsonPath.read(trigger, "$.id"));
      assertThat(started.getFirst().input()).isEqualTo(Map.of("invoice", "inv-42"));
      MvcTestResult detail = get("acme", "/api/v1/events/" + stored);
      assertThat(detail).bodyJson().extractingPath("$.origin").isEqualTo("hook");
      assertThat(detail).bodyJson().extractingPath("$.event.id").isEqualTo(messageId);
      assertThat(detail)
          .bodyJson()
          .extractingPath("$.event.source")
          .isEqualTo("/hooks/" + hook.id());
      assertThat(detail)
          .bodyJson()
          .extractingPath("$.event.type")
          .isEqualTo("com.acme.invoice.paid");
      assertThat(detail).bodyJson().extractingPath("$.event.data.amount").isEqualTo(250);
      assertThat(detail).bodyJson().extractingPath("$.triggered[0].outcome").isEqualTo("started");
    }
  }

  @Test
  void standardWebhooksRefusesAWrongSignatureAStaleTimestampAndAMissingHeader() throws Exception {
    Created hook =
        createHook(
            "acme",
            """
            {"name": "sw refusals", "eventType": "com.acme.x",
             "verification": {"scheme": "standard-webhooks"}}
            """);
    String body = "{\"a\":1}";
    long now = Instant.now().getEpochSecond();
    String otherSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);

    assertRefused(
        deliver(hook.id(), standardWebhooks(otherSecret, "m1", now, body), body),
        "bad-signature",
        "webhook-signature");
    assertRefused(
        deliver(hook.id(), standardWebhooks(hook.secret(), "m2", now - 600, body), body),
        "stale-timestamp",
        "webhook-timestamp");
    HttpHeaders unsigned = standardWebhooks(hook.secret(), "m3", now, body);
    unsigned.remove("webhook-signature");
    assertRefused(deliver(hook.id(), unsigned, body), "missing-header", "webhook-signature");

    assertNothingStored("acme", hook.id());
    assertThat(refusals("standard-webhooks", "bad-signature")).isGreaterThanOrEqualTo(1);
  }

  // --- GitHub: docs.github.com, "Validating webhook deliveries" ---

  @Test
  void gitHubsDocumentedExampleIsAcceptedWithItsDeliveryIdAndCopiedHeaders() throws Exception {
    Created hook =
        createHook(
            "acme",
            """
            {"name": "repo", "eventType": "com.github.push", "headers": ["X-GitHub-Event"],
             "verification": {"scheme": "github", "secret": "It's a Secret to Everybody"}}
            """);
    assertThat(hook.secret()).isEqualTo("It's a Secret to Everybody");
    String delivery = UUID.randomUUID().toString();
    HttpHeaders headers = new HttpHeaders();
    headers.set(
        "X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    headers.set("X-GitHub-Delivery", delivery);
    headers.set("X-GitHub-Event", "push");
    headers.setContentType(MediaType.TEXT_PLAIN);

    MvcTestResult accepted = deliver(hook.id(), headers, "Hello, World!");
    MvcTestResult redelivered = deliver(hook.id(), headers, "Hello, World!");

    assertThat(accepted).hasStatus(202);
    assertThat(redelivered).bodyJson().extractingPath("$.duplicate").isEqualTo(true);
    String stored = JsonPath.read(accepted.getResponse().getContentAsString(), "$.id");
    MvcTestResult detail = get("acme", "/api/v1/events/" + stored);
    assertThat(detail).bodyJson().extractingPath("$.event.id").isEqualTo(delivery);
    assertThat(detail).bodyJson().extractingPath("$.event.xgithubevent").isEqualTo("push");
    assertThat(detail)
        .bodyJson()
        .extractingPath("$.event.datacontenttype")
        .asString()
        .startsWith("text/plain"); // as sent, with MockMvc's charset
    assertThat(detail)
        .bodyJson()
        .extractingPath("$.event.data_base64")
        .isEqualTo(
            Base64.getEncoder().encodeToString("Hello, World!".getBytes(StandardCharsets.UTF_8)));
    assertThat(get("acme", "/api/v1/events?source=/hooks/" + hook.id()))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(1);
  }

  @Test
  void gitHubRefusesAWrongSignatureAnotherAlgorithmAndAMissingHeader() throws Exception {
    Created hook =
        createHook(
            "acme",
            """
            {"name": "repo refusals", "eventType": "com.github.push",
             "verification": {"scheme": "github", "secret": "It's a Secret to Everybody"}}
            """);
    double before = refusals("github", "bad-signature");
    HttpHeaders wrong = new HttpHeaders();
    wrong.set(
        "X-Hub-Signature-256",
        "sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    HttpHeaders sha1 = new HttpHeaders();
    sha1.set("X-Hub-Signature-256", "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59");

    MvcTestResult refused = deliver(hook.id(), wrong, "Hello, World!");
    assertRefused(refused, "bad-signature", "X-Hub-Signature-256");
    assertThat(refused.getResponse().getContentAsString())
        .doesNotContain("It's a Secret")
        .doesNotContain("757107ea");
    assertRefused(deliver(hook.id(), sha1, "Hello, World!"), "malformed-header", "sha256=");
    assertRefused(
        deliver(hook.id(), new HttpHeaders(), "Hello, World!"),
        "missing-header",
        "X-Hub-Signature-256");

    assertNothingStored("acme", hook.id());
    assertThat(refusals("github", "bad-signature")).isEqualTo(before + 1);
    assertThat(
            meters.find(HookReceiver.REFUSED_METRIC).counters().stream()
                .flatMap(c -> c.getId().getTags().stream())
                .map(tag -> tag.getKey())
                .distinct())
        .containsExactlyInAnyOrder("scheme", "reason");
  }

  // --- Stripe: Stripe-Signature t=...,v1=HMAC-SHA256(secret, t + "." + body), hex ---

  @Test
  void stripeAcceptsItsSignatureWithTheEventIdFromTheBodyAndRefusesTheRest() throws Exception {
    String secret = "whsec_stripe_test_" + UUID.randomUUID();
    Created hook =
        createHook(
            "acme",
            """
            {"name": "payments", "eventType": "com.stripe.event",
             "verification": {"scheme": "stripe", "secret": "%s"}}
            """
                .formatted(secret));
    String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
    String body =
        "{\"id\":\"%s\",\"object\":\"event\",\"type\":\"invoice.paid\"}".formatted(eventId);
    long now = Instant.now().getEpochSecond();

    MvcTestResult accepted = deliver(hook.id(), stripe(secret, now, body), body);
    assertThat(accepted).hasStatus(202);
    String stored = JsonPath.read(accepted.getResponse().getContentAsString(), "$.id");
    assertThat(get("acme", "/api/v1/events/" + stored))
        .bodyJson()
        .extractingPath("$.event.id")
        .isEqualTo(eventId);
    assertThat(deliver(hook.id(), stripe(secret, now + 1, body), body))
        .bodyJson()
        .extractingPath("$.duplicate")
        .isEqualTo(true);

    String other = "{\"id\":\"evt_other\",\"object\":\"event\"}";
    assertRefused(
        deliver(hook.id(), stripe("whsec_wrong", now, other), other),
        "bad-signature",
        "Stripe-Signature");
    assertRefused(
        deliver(hook.id(), stripe(secret, now - 301, other), other), "stale-timestamp", "300 s");
    assertRefused(
        deliver(hook.id(), new HttpHeaders(), other), "missing-header", "Stripe-Signature");
    HttpHeaders noV1 = new HttpHeaders();
    noV1.set("Stripe-Signature", "t=" + now);
    assertRefused(deliver(hook.id(), noV1, other), "malformed-header", "v1=");
    assertThat(get("acme", "/api/v1/events?source=/hooks/" + hook.id()))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(1);
  }

  @Test
  void stripeAndSlackHooksNeedTheSecretTheProviderIssued() {
    MvcTestResult refused =
        post(
            "acme",
            "/api/v1/hooks",
            """
            {"name": "", "eventType": "bad type!", "verification": {"scheme": "stripe"},
             "headers": ["Type"], "maxBodyBytes": 0}
            """,
            400);
    assertThat(refused)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("name", "eventType", "verification.secret", "headers[0]", "maxBodyBytes");
  }

  // --- Slack: X-Slack-Signature v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body), hex ---

  @Test
  void slacksUrlVerificationIsAnsweredWithItsChallengeAndStoresNothing() throws Exception {
    String secret = "4f742231b10e8888abcd99yyyzzz85a6";
    Created hook =
        createHook(
            "acme",
            """
            {"name": "events api", "eventType": "com.slack.event",
             "verification": {"scheme": "slack", "secret": "%s"}}
            """
                .formatted(secret));
    String body =
        "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":"
            + "\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
    long now = Instant.now().getEpochSecond();

    MvcTestResult answered = deliver(hook.id(), slack(secret, now, body), body);

    assertThat(answered).hasStatus(200);
    assertThat(answered)
        .bodyJson()
        .extractingPath("$.challenge")
        .isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    assertRefused(
        deliver(hook.id(), slack("another-secret", now, body), body),
        "bad-signature",
        "X-Slack-Signature");
    assertThat(get("acme", "/api/v1/events?source=/hooks/" + hook.id()))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(0);
  }

  @Test
  void slackAcceptsItsSignatureWithinFiveMinutesAndRefusesTheRest() throws Exception {
    String secret = "8f742231b10e8888abcd99yyyzzz85a5";
    Created hook =
        createHook(
            "acme",
            """
            {"name": "slash command", "eventType": "com.slack.command",
             "verification": {"scheme": "slack", "secret": "%s"}}
            """
                .formatted(secret));
    String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fweather&text=94070";
    long now = Instant.now().getEpochSecond();

    MvcTestResult accepted = deliver(hook.id(), slack(secret, now, body), body);
    assertThat(accepted).hasStatus(202);
    String stored = JsonPath.read(accepted.getResponse().getContentAsString(), "$.id");
    assertThat(get("acme", "/api/v1/events/" + stored))
        .bodyJson()
        .extractingPath("$.event.datacontenttype")
        .asString()
        .startsWith("application/x-www-form-urlencoded");

    assertRefused(
        deliver(hook.id(), slack("another-secret", now, body), body),
        "bad-signature",
        "X-Slack-Signature");
    assertRefused(
        deliver(hook.id(), slack(secret, now - 301, body), body),
        "stale-timestamp",
        "X-Slack-Request-Timestamp");
    HttpHeaders noTimestamp = slack(secret, now, body);
    noTimestamp.remove("X-Slack-Request-Timestamp");
    assertRefused(
        deliver(hook.id(), noTimestamp, body), "missing-header", "X-Slack-Request-Timestamp");
    assertThat(get("acme", "/api/v1/events?source=/hooks/" + hook.id()))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(1);
  }

  // --- Generic HMAC, Basic and Bearer ---

  @Test
  void hmacChecksTheConfiguredHeaderPrefixAndEncoding() throws Exception {
    Created hook =
        createHook(
            "acme",
            """
            {"name": "generic", "eventType": "com.acme.generic",
             "verification": {"scheme": "hmac", "header": "X-Signature", "prefix": "sha256=",
                              "encoding": "base64"}}
            """);
    String body = "{\"ping\":true}";
    HttpHeaders signed = new HttpHeaders();
    signed.set(
        "X-Signature", "sha256=" + Base64.getEncoder().encodeToString(hmac(hook.secret(), body)));
    HttpHeaders wrong = new HttpHeaders();
    wrong.set("X-Signature", "sha256=" + Base64.getEncoder().encodeToString(hmac("x", body)));

    assertThat(deliver(hook.id(), signed, body)).hasStatus(202);
    assertRefused(deliver(hook.id(), wrong, body), "bad-signature", "X-Signature");
    assertRefused(deliver(hook.id(), new HttpHeaders(), body), "missing-header", "X-Signature");
  }

  @Test
  void basicAndBearerCheckTheirCredentials() throws Exception {
    Created basic =
        createHook(
            "acme",
            """
            {"name": "basic", "eventType": "com.acme.basic",
             "verification": {"scheme": "basic", "username": "partner", "secret": "s3cret"}}
            """);
    Created bearer =
        createHook(
            "acme",
            """
            {"name": "bearer", "eventType": "com.acme.bearer",
             "verification": {"scheme": "bearer"}}
            """);

    assertThat(deliver(basic.id(), authorization("Basic " + basic64("partner:s3cret")), "{}"))
        .hasStatus(202);
    assertRefused(
        deliver(basic.id(), authorization("Basic " + basic64("partner:guess")), "{}"),
        "bad-credentials",
        "Basic");
    assertRefused(deliver(basic.id(), new HttpHeaders(), "{}"), "missing-header", "Authorization");
    assertThat(deliver(bearer.id(), authorization("Bearer " + bearer.secret()), "{}"))
        .hasStatus(202);
    assertRefused(
        deliver(bearer.id(), authorization("Bearer " + bearer.secret() + "x"), "{}"),
        "bad-credentials",
        "Bearer");
    assertRefused(
        deliver(bearer.id(), authorization("Basic " + basic64("a:b")), "{}"),
        "malformed-header",
        "Authorization");
  }

  // --- Limits, unknown hooks, tenants ---

  @Test
  void aBodyOverTheHooksLimitIsRefusedAndAnUnknownHookIsNotFound() throws Exception {
    Created hook =
        createHook(
            "acme",
            """
            {"name": "small", "eventType": "com.acme.small", "maxBodyBytes": 10,
             "verification": {"scheme": "bearer"}}
            """);

    MvcTestResult tooLarge =
        deliver(hook.id(), authorization("Bearer " + hook.secret()), "{\"eleven\":1}");
    assertThat(tooLarge).hasStatus(413);
    assertThat(tooLarge)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.PAYLOAD_TOO_LARGE.toString());
    assertNothingStored("acme", hook.id());

    MvcTestResult unknown = deliver("hook_unknown", authorization("Bearer x"), "{}");
    assertThat(unknown).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void anotherTenantsHookIsNotFoundOnEveryEndpointAndReadsNeverShowTheSecret() throws Exception {
    Created hook =
        createHook(
            "hooli",
            """
            {"name": "mine", "eventType": "com.hooli.x", "verification": {"scheme": "github"}}
            """);
    String replacement =
        """
        {"name": "theirs", "eventType": "com.hooli.y", "verification": {"scheme": "github"}}
        """;

    assertThat(get("piedpiper", "/api/v1/hooks/" + hook.id())).hasStatus(404);
    assertThat(put("piedpiper", "/api/v1/hooks/" + hook.id(), replacement)).hasStatus(404);
    assertThat(delete("piedpiper", "/api/v1/hooks/" + hook.id())).hasStatus(404);
    assertThat(get("piedpiper", "/api/v1/hooks"))
        .bodyJson()
        .extractingPath("$.items")
        .asArray()
        .isEmpty();

    MvcTestResult own = get("hooli", "/api/v1/hooks/" + hook.id());
    assertThat(own).hasStatus(200);
    assertThat(own).bodyJson().extractingPath("$.path").isEqualTo("/hooks/" + hook.id());
    assertThat(own.getResponse().getContentAsString())
        .doesNotContain(hook.secret())
        .doesNotContain("\"secret\"");
    assertThat(get("hooli", "/api/v1/hooks"))
        .bodyJson()
        .extractingPath("$.items[*].id")
        .asArray()
        .contains(hook.id());
    MvcTestResult replaced = put("hooli", "/api/v1/hooks/" + hook.id(), replacement);
    assertThat(replaced).bodyJson().extractingPath("$.eventType").isEqualTo("com.hooli.y");
    assertThat(replaced.getResponse().getContentAsString()).doesNotContain(hook.secret());

    HttpHeaders signed = new HttpHeaders();
    signed.set(
        "X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmac(hook.secret(), "{}")));
    assertThat(deliver(hook.id(), signed, "{}")).hasStatus(202); // the secret was kept
    assertThat(delete("hooli", "/api/v1/hooks/" + hook.id())).hasStatus(204);
    assertThat(deliver(hook.id(), signed, "{}")).hasStatus(404);
  }

  // --- rate limits and answers with the run's output ---

  @Test
  void aHookOverItsRateIsRefusedWithRetryAfterAndUnverifiedRequestsDoNotCount() throws Exception {
    Created hook =
        createHook(
            "ratco",
            """
            {"name": "limited", "eventType": "com.ratco.ping",
             "verification": {"scheme": "bearer"}, "rateLimit": {"requests": 2, "per": "PT1H"}}
            """);
    HttpHeaders signed = authorization("Bearer " + hook.secret());
    assertThat(deliver(hook.id(), authorization("Bearer wrong"), "{}")).hasStatus(401);
    assertThat(deliver(hook.id(), signed, "{\"n\": 1}")).hasStatus(202);
    assertThat(deliver(hook.id(), signed, "{\"n\": 2}")).hasStatus(202);

    MvcTestResult over = deliver(hook.id(), signed, "{\"n\": 3}");
    assertThat(over).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(over).hasHeader("Retry-After", over.getResponse().getHeader("Retry-After"));
    assertThat(Long.parseLong(over.getResponse().getHeader("Retry-After"))).isPositive();
    assertThat(over).bodyJson().extractingPath("$.detail").asString().contains("at most 2");
    assertThat(refusals("bearer", "rate-limited")).isGreaterThanOrEqualTo(1);
    assertThat(get("ratco", "/api/v1/events?source=/hooks/" + hook.id()))
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(2);

    MvcTestResult bad =
        post(
            "ratco",
            "/api/v1/hooks",
            """
            {"name": "bad", "eventType": "com.ratco.x", "verification": {"scheme": "bearer"},
             "rateLimit": {"requests": 0, "per": "soon"}, "respond": {"mode": "later", "timeout": "PT5M"}}
            """,
            400);
    assertThat(bad)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder(
            "rateLimit.requests", "rateLimit.per", "respond.mode", "respond.timeout");
  }

  @Test
  void aHookThatRespondsWithTheRunsOutputWaitsForTheRunItStarted() throws Exception {
    post(
        "waitco",
        "/api/v1/triggers",
        """
        {"name": "answer", "workflowId": "quote", "eventTypes": ["com.waitco.quote"]}
        """);
    Created hook =
        createHook(
            "waitco",
            """
            {"name": "quotes", "eventType": "com.waitco.quote",
             "verification": {"scheme": "bearer"},
             "respond": {"mode": "run-output", "timeout": "PT20S"}}
            """);
    HttpHeaders signed = authorization("Bearer " + hook.secret());

    CompletableFuture<MvcTestResult> answer =
        CompletableFuture.supplyAsync(() -> deliver(hook.id(), signed, "{\"item\": \"tea\"}"));
    String runId = startedRunOfHook("waitco", hook.id());
    RunEventsOnKafka.publish(
        "waitco",
        EventTypes.RUN_COMPLETED,
        runId,
        json.writeValueAsBytes(
            new RunCompleted(runId, "quote", 1, Map.of("price", Map.of("eur", 4)), Instant.now())));

    MvcTestResult answered = answer.get(60, TimeUnit.SECONDS);
    assertThat(answered).hasStatus(200);
    assertThat(answered).bodyJson().extractingPath("$.runId").isEqualTo(runId);
    assertThat(answered).bodyJson().extractingPath("$.status").isEqualTo("completed");
    assertThat(answered).bodyJson().extractingPath("$.output.outputs.price.eur").isEqualTo(4);
  }

  @Test
  void aRunThatDoesNotEndWithinTheTimeoutIsAnsweredAsRunning() throws Exception {
    post(
        "slowco",
        "/api/v1/triggers",
        """
        {"name": "slow", "workflowId": "slow", "eventTypes": ["com.slowco.job"]}
        """);
    Created hook =
        createHook(
            "slowco",
            """
            {"name": "jobs", "eventType": "com.slowco.job", "verification": {"scheme": "bearer"},
             "respond": {"mode": "run-output", "timeout": "PT1S"}}
            """);
    MvcTestResult answered = deliver(hook.id(), authorization("Bearer " + hook.secret()), "{}");
    assertThat(answered).hasStatus(202);
    assertThat(answered).bodyJson().extractingPath("$.status").isEqualTo("running");
    assertThat(answered).bodyJson().extractingPath("$.runId").asString().startsWith("run_");
  }

  /** The run the hook's first stored delivery started, once it is there. */
  private String startedRunOfHook(String tenant, String hookId) {
    String[] run = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              String events =
                  get(tenant, "/api/v1/events?source=/hooks/" + hookId)
                      .getResponse()
                      .getContentAsString();
              List<String> ids = JsonPath.read(events, "$.items[*].id");
              if (ids.isEmpty()) {
                return false;
              }
              String detail =
                  get(tenant, "/api/v1/events/" + ids.getFirst())
                      .getResponse()
                      .getContentAsString();
              List<String> runs = JsonPath.read(detail, "$.triggered[*].runId");
              run[0] = runs.isEmpty() ? null : runs.getFirst();
              return run[0] != null;
            });
    return run[0];
  }

  // --- helpers ---

  private Created createHook(String tenant, String body) throws Exception {
    String created = post(tenant, "/api/v1/hooks", body);
    String id = JsonPath.read(created, "$.id");
    assertThat(id).matches("hook_[0-9a-f]{32}");
    assertThat((String) JsonPath.read(created, "$.path")).isEqualTo("/hooks/" + id);
    return new Created(id, JsonPath.read(created, "$.secret"));
  }

  private static HttpHeaders standardWebhooks(String secret, String id, long timestamp, String body)
      throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.set("webhook-id", id);
    headers.set("webhook-timestamp", Long.toString(timestamp));
    headers.set("webhook-signature", new Webhook(secret).sign(id, timestamp, body));
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private static HttpHeaders stripe(String secret, long timestamp, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(
        "Stripe-Signature",
        "t=%d,v1=%s,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"
            .formatted(timestamp, HexFormat.of().formatHex(hmac(secret, timestamp + "." + body))));
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private static HttpHeaders slack(String secret, long timestamp, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Slack-Request-Timestamp", Long.toString(timestamp));
    headers.set(
        "X-Slack-Signature",
        "v0=" + HexFormat.of().formatHex(hmac(secret, "v0:" + timestamp + ":" + body)));
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    return headers;
  }

  private static HttpHeaders authorization(String value) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("Authorization", value);
    return headers;
  }

  private static String basic64(String credentials) {
    return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private MvcTestResult deliver(String hookId, HttpHeaders headers, String body) {
    return mvc.post()
        .uri("/hooks/" + hookId)
        .headers(headers)
        .content(body.getBytes(StandardCharsets.UTF_8))
        .exchange();
  }

  private static void assertRefused(MvcTestResult result, String reason, String detailPart) {
    assertThat(result).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.UNAUTHORIZED.toString());
    assertThat(result).bodyJson().extractingPath("$.reason").isEqualTo(reason);
    assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detailPart);
  }

  private void assertNothingStored(String tenant, String hookId) {
    assertThat(get(tenant, "/api/v1/events?source=/hooks/" + hookId))
        .bodyJson()
        .extractingPath("$.items")
        .asArray()
        .isEmpty();
  }

  private double refusals(String scheme, String reason) {
    Counter counter =
        meters
            .find(HookReceiver.REFUSED_METRIC)
            .tag("scheme", scheme)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private List<RunStartRequested> startRequestsFor(
      KafkaConsumer<String, byte[]> requests, String storedEventId) {
    List<RunStartRequested> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              collect(requests, Duration.ofMillis(200), storedEventId, seen);
              return !seen.isEmpty();
            });
    // a second request, had the redelivery been evaluated again, would follow within a poll
    collect(requests, Duration.ofSeconds(2), storedEventId, seen);
    return seen;
  }

  private void collect(
      KafkaConsumer<String, byte[]> requests,
      Duration wait,
      String storedEventId,
      List<RunStartRequested> seen) {
    for (ConsumerRecord<String, byte[]> r : requests.poll(wait)) {
      RunStartRequested request =
          json.readValue(CloudEventRecords.read(r).data(), RunStartRequested.class);
      // requests from schedules carry no event id; they share the topic with the hooks' ones
      if (storedEventId.equals(request.eventId())) {
        seen.add(request);
      }
    }
  }

  private String post(String tenant, String uri, String body) {
    MvcTestResult created = post(tenant, uri, body, 201);
    try {
      return created.getResponse().getContentAsString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private MvcTestResult post(String tenant, String uri, String body, int status) {
    MvcTestResult result =
        mvc.post()
            .uri(uri)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body)
            .exchange();
    assertThat(result).hasStatus(status);
    return result;
  }

  private MvcTestResult put(String tenant, String uri, String body) {
    return mvc.put()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  private MvcTestResult delete(String tenant, String uri) {
    return mvc.delete()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }

  private static KafkaConsumer<String, byte[]> consumer(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "hooks-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
