package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.function.FunctionSummary;
import io.flowmesh.orchestrator.definition.FunctionCatalog.FunctionCatalogUnavailableException;
import io.flowmesh.web.EdgeProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue reads the registry's answer as the common-model {@link FunctionSummary} that
 * function-runner's view is checked against, and ignores the rest of the view.
 */
class HttpFunctionCatalogTest {

  private static final TenantId TENANT = TenantId.of("tenant-a");

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicReference<byte[]> answer = new AtomicReference<>();
  private HttpServer registry;
  private HttpFunctionCatalog catalog;

  @BeforeEach
  void startRegistry() throws IOException {
    registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext(
        "/api/v1/functions/",
        exchange -> {
          byte[] body = answer.get();
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    registry.start();
    catalog =
        new HttpFunctionCatalog(
            new OrchestratorProperties("http://127.0.0.1:" + registry.getAddress().getPort()),
            json,
            new EdgeProperties("test-token", List.of()));
  }

  @AfterEach
  void stopRegistry() {
    registry.stop(0);
  }

  @Test
  void anEnabledFunctionExistsAndADisabledOneDoesNot() {
    answer.set(json.writeValueAsBytes(new FunctionSummary("acme/enrich", true)));
    assertThat(catalog.exists(TENANT, "acme/enrich")).isTrue();

    answer.set(json.writeValueAsBytes(new FunctionSummary("acme/enrich", false)));
    assertThat(catalog.exists(TENANT, "acme/enrich")).isFalse();
  }

  @Test
  void theRestOfTheFunctionsViewIsIgnored() {
    ObjectNode view = json.valueToTree(new FunctionSummary("acme/enrich", false));
    view.put("revision", 3).put("executionType", "http").put("someFieldAddedLater", "x");
    view.putObject("inputSchema").put("type", "object");
    answer.set(json.writeValueAsBytes(view));

    assertThat(catalog.exists(TENANT, "acme/enrich")).isFalse();
  }

  @Test
  void anAnswerWithoutEnabledIsTakenAsEnabledAndAMissingFunctionDoesNotExist() {
    answer.set("{\"slug\":\"acme/enrich\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(catalog.exists(TENANT, "acme/enrich")).isTrue();

    answer.set(null);
    assertThat(catalog.exists(TENANT, "acme/enrich")).isFalse();
  }

  @Test
  void anUnreadableAnswerMakesTheRegistryUnavailableWithoutQuotingIt() {
    answer.set(
        json.writeValueAsBytes(Map.of("slug", "acme/enrich", "enabled", Map.of("x", "quoted?"))));

    assertThatThrownBy(() -> catalog.exists(TENANT, "acme/enrich"))
        .isInstanceOf(FunctionCatalogUnavailableException.class)
        .hasMessage("The function registry sent an unreadable answer")
        .hasNoCause();
  }
}
