package io.flowmesh.functions;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.flowmesh.testinfra.TestInfrastructure;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every integration test of this service: a second context would join
 * the same consumer group and take requests meant for the first.
 *
 * <p>Real local servers, one each per test JVM: {@link #INTEGRATIONS} plays integration-service's
 * credentials API, {@link #ENDPOINTS} the endpoints HTTP functions and builtins call, {@link #SMTP}
 * a mail server. Loopback is allowed to functions by configuration, as on the local platform.
 */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + IntegrationTestBase.GATEWAY_TOKEN,
      "management.endpoint.health.show-components=always",
      "flowmesh.functions.allow-loopback=true",
      "flowmesh.functions.circuit-breaker.sliding-window-size=4",
      "flowmesh.functions.circuit-breaker.minimum-number-of-calls=4",
      "flowmesh.functions.circuit-breaker.wait-in-open-state=2s",
      "flowmesh.functions.circuit-breaker.permitted-calls-in-half-open-state=1",
      // Pack providers of ProviderGuardIT: flaky's breaker opens after two failures, narrow takes
      // one call at a time and lets no other wait.
      "flowmesh.functions.packs.resilience.providers.flaky.sliding-window-size=2",
      "flowmesh.functions.packs.resilience.providers.flaky.minimum-number-of-calls=2",
      "flowmesh.functions.packs.resilience.providers.flaky.wait-in-open-state=1h",
      "flowmesh.functions.packs.resilience.providers.narrow.max-concurrent-calls=1",
      "flowmesh.functions.packs.resilience.providers.narrow.max-wait-for-slot=0s",
      // fal's jobs in PackFunctionsIT and PackBuiltinsIT complete after a few status requests.
      "flowmesh.functions.packs.fal-queue.first-poll-interval=20ms",
      "flowmesh.functions.packs.fal-queue.max-poll-interval=100ms",
      "flowmesh.functions.containers.namespace=" + IntegrationTestBase.NAMESPACE,
      "flowmesh.functions.containers.poll-interval=200ms"
    })
@AutoConfigureMockMvc
public abstract class IntegrationTestBase {

  public static final String GATEWAY_TOKEN = "test-gateway-token";

  public static final WireMockServer INTEGRATIONS =
      started(new WireMockServer(options().dynamicPort()));
  public static final WireMockServer ENDPOINTS =
      started(new WireMockServer(options().dynamicPort().containerThreads(40)));
  public static final GreenMail SMTP =
      new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

  /** Jobs of container functions go here, on {@link #KUBERNETES}. */
  public static final String NAMESPACE = "fn-test";

  /**
   * fabric8's mock API server, CRUD for Jobs and pods plus expectations for pod logs (which CRUD
   * cannot serve); the tests play the Job controller.
   */
  public static final KubernetesMockServer KUBERNETES = kubernetes();

  static {
    SMTP.start();
  }

  private static KubernetesMockServer kubernetes() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    return server;
  }

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "functions");
    registry.add("flowmesh.functions.integrations-url", INTEGRATIONS::baseUrl);
    registry.add("flowmesh.functions.containers.master-url", () -> KUBERNETES.url("/"));
    // Function packs: the shipped ones call ENDPOINTS under /<provider>; the operator's directory
    // holds a good pack and a malformed one.
    for (String provider : PROVIDERS) {
      registry.add(
          "flowmesh.functions.packs.base-urls." + provider,
          () -> ENDPOINTS.baseUrl() + "/" + provider);
    }
    registry.add("flowmesh.functions.packs.directory", IntegrationTestBase::operatorPacks);
  }

  /** The providers whose packs the tests call. */
  public static final java.util.List<String> PROVIDERS =
      java.util.List.of(
          "openai",
          "github",
          "linear",
          "stripe",
          "resend",
          "perplexity",
          "firecrawl",
          "webflow",
          "clerk",
          "v0",
          "blob",
          "fal",
          "superagent",
          "acme",
          "flaky",
          "narrow");

  private static String operatorPacks() {
    try {
      return java.nio.file.Path.of(IntegrationTestBase.class.getResource("/operator-packs").toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static WireMockServer started(WireMockServer server) {
    server.start();
    return server;
  }
}
