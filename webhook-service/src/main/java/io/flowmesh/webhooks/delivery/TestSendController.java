package io.flowmesh.webhooks.delivery;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.Tenant;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import io.flowmesh.webhooks.subscription.Subscriptions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/webhook-subscriptions/{id}/test}: sends one signed test event to the endpoint
 * right away, outside the queues (it never delays or reorders real deliveries), and answers with
 * what the endpoint did. Works for disabled subscriptions too, to check an endpoint before
 * enabling.
 */
@RestController
@Tag(name = "Webhook subscriptions")
class TestSendController {

  private final Subscriptions subscriptions;
  private final WebhookSender sender;
  private final JsonMapper json;

  TestSendController(Subscriptions subscriptions, WebhookSender sender, JsonMapper json) {
    this.subscriptions = subscriptions;
    this.sender = sender;
    this.json = json;
  }

  @PostMapping("/api/v1/webhook-subscriptions/{id}/test")
  @Operation(summary = "Send a signed test event now and report the endpoint's answer")
  TestSendResponse test(Tenant tenant, @PathVariable String id) {
    TenantId owner = TenantId.of(tenant.id());
    SubscriptionId subscription = SubscriptionId.of(id);
    Subscriptions.Endpoint endpoint = subscriptions.endpoint(owner, subscription);
    DeliveryId deliveryId = DeliveryId.of(UuidV7.prefixed("whd"));
    ObjectNode body = json.createObjectNode();
    body.put("specversion", "1.0");
    body.put("id", UuidV7.prefixed("evt"));
    body.put("source", "/flowmesh/webhook-service");
    body.put("type", EventTypes.WEBHOOK_TEST);
    body.put("subject", id);
    body.put(
        "time",
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)));
    body.put("datacontenttype", CloudEventAttributes.JSON);
    body.put(CloudEventAttributes.TENANT, tenant.id());
    body.put("partitionkey", "test");
    body.putObject("data").put("subscriptionId", id).put("message", "Test event from Flowmesh");
    List<String> secrets = endpoint.secrets();
    ClaimedDelivery probe =
        new ClaimedDelivery(
            deliveryId,
            owner,
            subscription,
            "test",
            0,
            1,
            json.writeValueAsString(body),
            Instant.now(),
            endpoint.url(),
            secrets.getFirst(),
            secrets.size() > 1 ? secrets.get(1) : null,
            body.get("id").asString(),
            EventTypes.WEBHOOK_TEST,
            false,
            null,
            false,
            null);
    AttemptResult result = sender.send(probe);
    return new TestSendResponse(
        deliveryId.value(),
        result.outcome().tag(),
        result.statusCode(),
        result.latencyMillis(),
        result.responseExcerpt(),
        result.error());
  }

  /**
   * What the endpoint did with the test event.
   *
   * @param webhookId the {@code webhook-id} sent
   * @param outcome success, http_error, redirect, gone, timeout, network_error or blocked (SSRF)
   * @param statusCode the HTTP status, null without a response
   * @param latencyMs how long the attempt took
   * @param responseExcerpt the start of the response body
   * @param error why it failed, null on success
   */
  record TestSendResponse(
      String webhookId,
      String outcome,
      Integer statusCode,
      long latencyMs,
      String responseExcerpt,
      String error) {}
}
