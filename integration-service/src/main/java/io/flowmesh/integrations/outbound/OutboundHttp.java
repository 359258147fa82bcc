package io.flowmesh.integrations.outbound;

import io.flowmesh.ssrf.CheckedTarget;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.PinnedRequests;
import io.flowmesh.ssrf.SsrfGuard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * HTTP calls to user-configured URLs (token endpoints, health URLs, providers): every URL passes
 * the SSRF guard first; redirects are not followed (a redirect could lead past the guard). For
 * {@code http} the request goes to the checked address with the original Host header, so a second
 * DNS answer cannot redirect it; {@code https} connects by name (SNI and certificate checks need
 * it) right after the check, as webhook-service does (ADR 0004).
 */
@Component
public class OutboundHttp {

  private static final Logger log = LoggerFactory.getLogger(OutboundHttp.class);
  private static final int MAX_BODY = 64 * 1024;

  private final SsrfGuard ssrf;
  private final HttpClient client;

  OutboundHttp(SsrfGuard ssrf) {
    this.ssrf = ssrf;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    if (!PinnedRequests.pinningAvailable()) {
      log.warn(
          "jdk.httpclient.allowRestrictedHeaders does not include 'host': http integration"
              + " endpoints are called by host name after the SSRF check");
    }
  }

  /** An answer: status and up to 64 KiB of body. */
  public record Response(int status, String body) {}

  /** A call that could not be made or completed; the message names no header or body. */
  public static class CallFailedException extends Exception {
    public CallFailedException(String message) {
      super(message);
    }
  }

  public Response get(URI uri, Map<String, String> headers, Duration timeout)
      throws CallFailedException {
    return send(uri, "GET", headers, null, null, timeout);
  }

  public Response postForm(URI uri, Map<String, String> headers, String form, Duration timeout)
      throws CallFailedException {
    return send(uri, "POST", headers, form, "application/x-www-form-urlencoded", timeout);
  }

  public Response postJson(URI uri, Map<String, String> headers, String json, Duration timeout)
      throws CallFailedException {
    return send(uri, "POST", headers, json, "application/json", timeout);
  }

  private Response send(
      URI uri,
      String method,
      Map<String, String> headers,
      String body,
      String contentType,
      Duration timeout)
      throws CallFailedException {
    CheckedTarget target;
    try {
      target = ssrf.check(uri);
    } catch (ForbiddenTargetException e) {
      throw new CallFailedException("blocked: " + e.getMessage());
    }
    HttpRequest.Builder request = PinnedRequests.to(target).timeout(timeout);
    headers.forEach(request::header);
    request.header("user-agent", "Flowmesh-Integrations/1.0");
    if (body == null) {
      request.GET();
    } else {
      request.header("content-type", contentType);
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] bytes = response.body();
      String text = new String(bytes, 0, Math.min(bytes.length, MAX_BODY), StandardCharsets.UTF_8);
      return new Response(response.statusCode(), text);
    } catch (HttpTimeoutException e) {
      throw new CallFailedException("no answer within " + timeout);
    } catch (IOException e) {
      throw new CallFailedException("connection failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailedException("interrupted");
    }
  }
}
