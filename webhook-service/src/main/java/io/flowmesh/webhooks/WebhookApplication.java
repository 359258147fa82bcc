package io.flowmesh.webhooks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Webhook subscriptions and per-key ordered, guaranteed, signed webhook delivery. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookApplication {

  public static void main(String[] args) {
    SpringApplication.run(WebhookApplication.class, args);
  }
}
