package io.flowmesh.integrations;

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
    // Lets outbound http calls go to the SSRF-checked address with the original Host header.
    if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
    SpringApplication.run(IntegrationServiceApplication.class, args);
  }
}
