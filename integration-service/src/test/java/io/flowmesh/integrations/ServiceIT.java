package io.flowmesh.integrations;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.testinfra.TestInfrastructure;
import java.io.UnsupportedEncodingException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Base of the service's integration tests: one Spring context (real PostgreSQL and Kafka from
 * test-infrastructure) shared by all, and request helpers as the gateway and function-runner call.
 * Each test uses its own tenant names, so tests do not see each other's rows.
 */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + ServiceIT.GATEWAY_TOKEN,
      "management.endpoint.health.show-components=always",
      // Tests run checks themselves (a background check would fetch tokens tests count).
      "flowmesh.integrations.health.enabled=false",
      "flowmesh.integrations.re-encryption.initial-delay=1h"
    })
@AutoConfigureMockMvc
public abstract class ServiceIT {

  public static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "integrations");
  }

  @Autowired protected MockMvcTester mvc;
  @Autowired protected JdbcClient jdbc;

  protected MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }

  protected MvcTestResult post(String tenant, String uri, String body) {
    return mvc.post()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  protected MvcTestResult patch(String tenant, String uri, String ifMatch, String body) {
    var request =
        mvc.patch()
            .uri(uri)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body);
    if (ifMatch != null) {
      request = request.header("If-Match", ifMatch);
    }
    return request.exchange();
  }

  protected MvcTestResult delete(String tenant, String uri) {
    return mvc.delete()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }

  /** The internal credentials call as the function-runner makes it. */
  protected MvcTestResult resolve(String tenant, String connectionId) {
    return get(tenant, "/internal/v1/connections/" + connectionId + "/credentials");
  }

  /** Creates a connection and returns its id. */
  protected String create(String tenant, String body) {
    MvcTestResult result = post(tenant, "/api/v1/connections", body);
    if (result.getResponse().getStatus() != 201) {
      throw new AssertionError(
          "create failed: " + result.getResponse().getStatus() + " " + body(result));
    }
    return JsonPath.read(body(result), "$.id");
  }

  protected static String body(MvcTestResult result) {
    try {
      return result.getResponse().getContentAsString();
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
