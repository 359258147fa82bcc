package io.flowmesh.webhooks;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.testinfra.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of every integration test: the whole service on a random port, against the shared real
 * PostgreSQL (a database of its own) and Kafka broker. All test classes share this one context, so
 * that a single consumer of group {@code webhook-service} reads the run events; tests isolate
 * themselves by using tenants of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class WebhookServiceIntegrationTest {

  public static final String GATEWAY_TOKEN = "test-gateway-token";

  private static final AtomicInteger TENANTS = new AtomicInteger();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "webhooks");
  }

  @LocalServerPort protected int port;

  @Autowired protected JsonMapper json;

  protected final HttpClient http = HttpClient.newHttpClient();

  /** A tenant no other test uses. */
  protected static String newTenant(String name) {
    return name + "-" + TENANTS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
  }

  protected Response post(String tenant, String path, String body, String... headers) {
    return send(
        request(tenant, path, headers)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  protected Response get(String tenant, String path) {
    return send(request(tenant, path).GET().build());
  }

  protected Response patch(String tenant, String path, String body, String ifMatch) {
    HttpRequest.Builder builder =
        request(tenant, path)
            .header("content-type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
    if (ifMatch != null) {
      builder.header("If-Match", ifMatch);
    }
    return send(builder.build());
  }

  protected Response delete(String tenant, String path) {
    return send(request(tenant, path).DELETE().build());
  }

  /** A request as the gateway forwards it: with its token and the resolved tenant. */
  protected HttpRequest.Builder request(String tenant, String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant);
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  protected Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
      return new Response(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a subscription and returns the response body (with the secret). */
  protected JsonNode subscribe(String tenant, String url, String... eventTypes) {
    return subscribeWith(tenant, url, "", eventTypes);
  }

  /**
   * Creates a subscription with more settings, e.g. {@code "failurePolicy":"skip"}, and returns the
   * response body (with the secret).
   *
   * @param settings JSON members to add to the request, without braces; empty for none
   */
  protected JsonNode subscribeWith(
      String tenant, String url, String settings, String... eventTypes) {
    String types =
        String.join(",", java.util.Arrays.stream(eventTypes).map(t -> "\"" + t + "\"").toList());
    Response created =
        post(
            tenant,
            "/api/v1/webhook-subscriptions",
            "{\"url\":\""
                + url
                + "\",\"eventTypes\":["
                + types
                + "]"
                + (settings.isEmpty() ? "" : "," + settings)
                + "}");
    if (created.status() != 201) {
      throw new AssertionError("Subscription not created: " + created);
    }
    return created.body();
  }

  /**
   * A response.
   *
   * @param status HTTP status
   * @param body parsed JSON body, null if empty
   * @param raw the JDK response, for headers
   */
  public record Response(int status, JsonNode body, HttpResponse<String> raw) {
    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }
}
