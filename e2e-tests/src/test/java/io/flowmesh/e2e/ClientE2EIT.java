package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.FlowmeshProblemException;
import io.flowmesh.client.Page;
import io.flowmesh.client.RunStatus;
import io.flowmesh.client.Runs;
import io.flowmesh.client.WebhookSubscriptions;
import io.flowmesh.client.webhook.WebhookReceiver;
import io.flowmesh.launcher.Platform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Java client (flowmesh-client) against the real platform, as an application uses it: a
 * definition saved, a run started twice with one idempotency key (one run), waited for and listed,
 * a missing workflow surfacing as a problem, and a subscription whose delivery the receiver helper
 * verifies with the subscription's secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class ClientE2EIT {

  private final JsonMapper json = JsonMapper.builder().build();
  private FlowmeshClient flowmesh;
  private HttpServer receiverServer;

  @BeforeAll
  void connect(Platform platform) {
    flowmesh =
        FlowmeshClient.builder().baseUrl(platform.gatewayUrl()).apiKey(platform.apiKey()).build();
  }

  @AfterAll
  void stopReceiver() {
    if (receiverServer != null) {
      receiverServer.stop(0);
    }
  }

  @Test
  void aRunStartedTwiceWithOneKeyIsOneRunThatCompletes() {
    JsonNode definition = json.readTree(EchoWorkflow.definition("sdk-echo", "SDK"));
    assertThat(flowmesh.definitions().save(definition).id()).isEqualTo("sdk-echo");
    Runs.StartRun start =
        Runs.StartRun.of("sdk-echo", Map.of("message", "hi")).withIdempotencyKey("sdk-e2e-1");

    Runs.Accepted first = flowmesh.runs().start(start);
    Runs.Accepted second = flowmesh.runs().start(start);
    Runs.Run run = flowmesh.runs().waitForEnd(first.runId(), Duration.ofSeconds(30));

    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.outputs().get("echo")).isEqualTo(Map.of("message", "hi"));
    Page<Runs.Summary> listed = flowmesh.runs().list(Runs.Filter.ALL.withWorkflowId("sdk-echo"));
    assertThat(listed.items()).extracting(Runs.Summary::runId).containsExactly(first.runId());
    assertThat(flowmesh.runs().history(first.runId()))
        .extracting(Runs.NodeAttempt::nodeId)
        .containsExactly("trigger", "echo", "end");
  }

  @Test
  void aMissingWorkflowIsAProblemWithItsStatusAndDetail() {
    FlowmeshProblemException thrown =
        catchThrowableOfType(
            FlowmeshProblemException.class, () -> flowmesh.definitions().get("sdk-no-such"));

    assertThat(thrown.status()).isEqualTo(404);
    assertThat(thrown.detail()).isEqualTo("No workflow 'sdk-no-such'");
    assertThat(thrown.problem().type()).isNotNull();
  }

  @Test
  void theReceiverVerifiesARealDeliveryOfARunsStart() throws IOException {
    List<WebhookReceiver.Delivery> received = Collections.synchronizedList(new ArrayList<>());
    receiverServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String url = "http://127.0.0.1:" + receiverServer.getAddress().getPort() + "/hooks";
    flowmesh.definitions().save(json.readTree(EchoWorkflow.definition("sdk-hooked", "SDK")));
    WebhookSubscriptions.Subscription subscription =
        flowmesh
            .webhookSubscriptions()
            .create(
                WebhookSubscriptions.NewSubscription.of(url, List.of("io.flowmesh.run.started.v1"))
                    .withFilter("event.data.workflowId == 'sdk-hooked'"));
    WebhookReceiver receiver = new WebhookReceiver(subscription.secret(), received::add);
    receiverServer.createContext("/hooks", receiver.httpHandler());
    receiverServer.start();

    String runId =
        flowmesh.runs().start(Runs.StartRun.of("sdk-hooked", Map.of("message", "hooked"))).runId();

    // the receiver hands over only deliveries whose signature the subscription's secret verifies
    await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
    WebhookReceiver.Delivery delivery = received.getFirst();
    assertThat(delivery.type()).isEqualTo("io.flowmesh.run.started.v1");
    assertThat(delivery.key()).isEqualTo(runId);
    assertThat(delivery.webhookId()).isNotBlank();
    assertThat(delivery.event().get("data").get("workflowId").asString()).isEqualTo("sdk-hooked");
    flowmesh.webhookSubscriptions().delete(subscription.id());
    assertThat(
            catchThrowableOfType(
                    FlowmeshProblemException.class,
                    () -> flowmesh.webhookSubscriptions().get(subscription.id()))
                .status())
        .isEqualTo(404);
  }
}
