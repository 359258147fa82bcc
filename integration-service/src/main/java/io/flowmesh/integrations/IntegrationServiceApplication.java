package io.flowmesh.integrations;

import io.flowmesh.ssrf.PinnedRequests;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Integration types and connections to external systems. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IntegrationServiceApplication {

  public static void main(String[] args) {
    // plain-http calls to user URLs go to the SSRF-checked address (PinnedRequests)
    PinnedRequests.allowHostHeader();
    SpringApplication.run(IntegrationServiceApplication.class, args);
  }
}
