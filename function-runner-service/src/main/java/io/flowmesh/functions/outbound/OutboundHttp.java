package io.flowmesh.functions.outbound;

import io.flowmesh.messaging.MessageSpans;
import io.flowmesh.ssrf.CheckedTarget;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.PinnedRequests;
import io.flowmesh.ssrf.SsrfGuard;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Sends one HTTP request to a user-supplied URL: checks it with the SSRF guard, connects to the
 * checked address (for {@code http}; {@code https} connects by name for SNI and certificate checks,
 * right after the check, as webhook-service does, ADR 0004), never follows redirects, and enforces
 * one deadline for the whole exchange and a size limit on the response.
 */
@Component
public class OutboundHttp implements DisposableBean {

  private static final String TRACEPARENT = "traceparent";

  private static final Logger log = LoggerFactory.getLogger(OutboundHttp.class);

  private final HttpClient client;
  private final SsrfGuard ssrf;
  private final long maxResponseBytes;

  private final Tracer tracer;

  OutboundHttp(SsrfGuard ssrf, OutboundProperties properties, ObjectProvider<Tracer> tracer) {
    this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    this.ssrf = ssrf;
    this.maxResponseBytes = properties.maxResponseSize().toBytes();
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    if (!PinnedRequests.pinningAvailable()) {
      log.warn(
          "jdk.httpclient.allowRestrictedHeaders does not include 'host': http functions connect"
              + " by host name after the SSRF check instead of to the checked address");
    }
  }

  /**
   * A request.
   *
   * @param method HTTP method
   * @param url the user-supplied URL
   * @param headers request headers (may hold credentials: never logged)
   * @param body the body, null for none
   * @param timeout deadline of the whole exchange
   */
  public record Request(
      String method, String url, Map<String, String> headers, byte[] body, Duration timeout) {
    @Override
    public String toString() {
      return "Request[" + method + " " + url + "]";
    }
  }

  /**
   * A response of any status.
   *
   * @param status the status code
   * @param headers the response headers, names in lower case, values joined by ", "
   * @param body the body bytes
   */
  public record Response(int status, Map<String, String> headers, byte[] body) {}

  /** Sends the request; any status is a response, only the absence of one is a failure. */
  /**
   * Sends the request in a client span, child of the current one (the execution's), and passes the
   * trace on in a {@code traceparent} header (W3C Trace Context), as HTTP clients instrumented by
   * OpenTelemetry do.
   */
  public Response send(Request request) throws OutboundFailure {
    Span span =
        tracer
            .spanBuilder()
            .name("HTTP " + request.method())
            .kind(Span.Kind.CLIENT)
            .tag("http.request.method", request.method())
            .start();
    try {
      Response response = sendTraced(request, MessageSpans.traceparent(span));
      span.tag("http.response.status_code", String.valueOf(response.status()));
      return response;
    } catch (OutboundFailure e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }

  private Response sendTraced(Request request, String traceparent) throws OutboundFailure {
    CheckedTarget target;
    try {
      target = ssrf.check(new URI(request.url()));
    } catch (URISyntaxException e) {
      throw new OutboundFailure(OutboundFailure.Kind.FORBIDDEN, "invalid URL: " + e.getReason());
    } catch (ForbiddenTargetException e) {
      throw new OutboundFailure(
          OutboundFailure.Kind.FORBIDDEN, "URL not allowed: " + e.getMessage());
    }
    HttpRequest.Builder builder = PinnedRequests.to(target).timeout(request.timeout());
    request.headers().forEach(builder::header);
    if (traceparent != null && !hasHeader(request, TRACEPARENT)) {
      builder.header(TRACEPARENT, traceparent);
    }
    HttpRequest.BodyPublisher body =
        request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body());
    builder.method(request.method(), body);
    CompletableFuture<HttpResponse<InputStream>> exchange =
        client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    long deadline = System.nanoTime() + request.timeout().toNanos();
    try {
      HttpResponse<InputStream> response =
          exchange.get(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      byte[] bytes = readBounded(response.body(), deadline);
      return new Response(response.statusCode(), headers(response), bytes);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw timeout(request.timeout());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new OutboundFailure(OutboundFailure.Kind.CONNECTION, "interrupted (shutdown)");
    } catch (ExecutionException e) {
      throw failure(e.getCause(), request.timeout());
    } catch (IOException e) {
      throw failure(e, request.timeout());
    }
  }

  private byte[] readBounded(InputStream in, long deadline) throws IOException, OutboundFailure {
    try (in) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
      if (bytes.length > maxResponseBytes) {
        throw new OutboundFailure(
            OutboundFailure.Kind.TOO_LARGE,
            "response body larger than " + maxResponseBytes + " bytes");
      }
      if (System.nanoTime() > deadline) {
        throw new HttpTimeoutException("body not complete in time");
      }
      return bytes;
    }
  }

  private static boolean hasHeader(Request request, String name) {
    return request.headers().keySet().stream().anyMatch(name::equalsIgnoreCase);
  }

  private static Map<String, String> headers(HttpResponse<?> response) {
    Map<String, String> headers = new LinkedHashMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", values));
              }
            });
    return headers;
  }

  private static OutboundFailure timeout(Duration timeout) {
    return new OutboundFailure(
        OutboundFailure.Kind.TIMEOUT, "no complete response within " + timeout.toMillis() + " ms");
  }

  private static OutboundFailure failure(Throwable cause, Duration timeout) {
    if (cause instanceof OutboundFailure failure) {
      return failure;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new OutboundFailure(OutboundFailure.Kind.TIMEOUT, "connect timed out");
    }
    if (cause instanceof HttpTimeoutException) {
      return timeout(timeout);
    }
    String what = cause instanceof ConnectException ? "connection failed" : "I/O error";
    String message = cause == null ? null : cause.getMessage();
    return new OutboundFailure(
        OutboundFailure.Kind.CONNECTION,
        what + (message == null || message.isBlank() ? "" : ": " + bounded(message)));
  }

  private static String bounded(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300);
  }

  @Override
  public void destroy() {
    client.shutdownNow();
  }

  /** Header names the caller may not set (the client sets them or refuses them). */
  public static final List<String> RESTRICTED =
      List.of("host", "content-length", "connection", "expect", "upgrade");
}
