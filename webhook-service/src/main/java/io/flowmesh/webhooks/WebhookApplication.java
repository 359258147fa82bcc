package io.flowmesh.webhooks;

import io.flowmesh.ssrf.PinnedRequests;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Webhook subscriptions and per-key ordered, guaranteed, signed webhook delivery. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookApplication {

  static {
    // The sender connects to the SSRF-checked IP address and names the host in the Host header,
    // which the JDK client allows only with this property, read once when its classes load. The
    // launch scripts also pass it as -D; this covers a plain `java -jar`.
    if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
  }

  public static void main(String[] args) {
    // plain-http calls to user URLs go to the SSRF-checked address (PinnedRequests)
    PinnedRequests.allowHostHeader();
    SpringApplication.run(WebhookApplication.class, args);
  }
}
