package io.flowmesh.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests to the platform's gateway with its API key, as an external client sends them while parts
 * of the platform are down: each request has a deadline, and {@link #send} tries again (same
 * request, same {@code Idempotency-Key}) after a refused connection, a timeout or a 5xx, until its
 * own deadline.
 */
final class Gateway {

  /** An answer, or none if every try failed before the deadline. */
  record Answer(int status, String body) {
    boolean is2xx() {
      return status / 100 == 2;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final String baseUrl;
  private final String apiKey;

  Gateway(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  JsonMapper json() {
    return json;
  }

  /**
   * POSTs {@code body}, trying again after a failure that may be an outage until {@code within} has
   * passed; a 4xx is an answer and is returned at once.
   */
  Optional<Answer> post(String path, String body, String idempotencyKey, Duration within) {
    HttpRequest.Builder request =
        request(path)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build(), within);
  }

  Optional<Answer> get(String path, Duration within) {
    return send(request(path).GET().build(), within);
  }

  Optional<JsonNode> getJson(String path, Duration within) {
    return get(path, within).filter(Answer::is2xx).map(answer -> json.readTree(answer.body()));
  }

  private Optional<Answer> send(HttpRequest request, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    long backoff = 200;
    while (true) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 500) {
          return Optional.of(new Answer(response.statusCode(), response.body()));
        }
      } catch (IOException e) {
        // refused, reset or timed out: the gateway or what it calls is down; try again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      if (System.nanoTime() + backoff * 1_000_000 > deadline) {
        return Optional.empty();
      }
      sleep(backoff);
      backoff = Math.min(backoff * 2, 2_000);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + apiKey);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
