package io.flowmesh.functions;

import io.flowmesh.testinfra.TestInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every integration test of this service: a second context would join
 * the same consumer group and take requests meant for the first.
 */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + IntegrationTestBase.GATEWAY_TOKEN,
      "management.endpoint.health.show-components=always"
    })
@AutoConfigureMockMvc
public abstract class IntegrationTestBase {

  public static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "functions");
  }
}
