package io.flowmesh.webhooks.delivery;

import io.flowmesh.ssrf.CheckedTarget;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.PinnedRequests;
import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.webhooks.delivery.AttemptResult.Outcome;
import io.flowmesh.webhooks.signing.WebhookSigner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one delivery attempt: resolves and checks the endpoint (SSRF), signs the body per Standard
 * Webhooks, POSTs it with the JDK client (redirects not followed, one deadline for the whole
 * exchange) and classifies the outcome. Never throws for anything the endpoint or the network did.
 *
 * <p>For {@code http} endpoints the request goes to the checked IP address with the original {@code
 * Host} header, so a second DNS answer cannot redirect it (DNS rebinding). For {@code https} the
 * JDK client must connect by name for SNI and certificate verification and has no resolver hook;
 * there the check runs right before the attempt and the certificate binds the connection to the
 * name (ADR 0004).
 */
class WebhookSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

  /** Bytes read past the excerpt so that a small body leaves the connection reusable. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private static final int MAX_ERROR_LENGTH = 1000;

  private final HttpClient client;
  private final SsrfGuard ssrf;
  private final Duration attemptTimeout;
  private final int excerptLimit;
  private final Clock clock;

  WebhookSender(SsrfGuard ssrf, DeliveryProperties properties, Clock clock) {
    this.ssrf = ssrf;
    this.attemptTimeout = properties.attemptTimeout();
    this.excerptLimit = (int) properties.responseExcerptLimit().toBytes();
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    if (!PinnedRequests.pinningAvailable()) {
      log.warn(
          "jdk.httpclient.allowRestrictedHeaders does not include 'host': http webhooks connect"
              + " by host name after the SSRF check instead of to the checked address");
    }
  }

  AttemptResult send(ClaimedDelivery delivery) {
    Instant startedAt = clock.instant();
    long start = System.nanoTime();
    CheckedTarget target;
    try {
      target = ssrf.check(URI.create(delivery.url()));
    } catch (ForbiddenTargetException | IllegalArgumentException e) {
      return AttemptResult.failure(
          Outcome.BLOCKED, startedAt, millisSince(start), bounded("blocked: " + e.getMessage()));
    }
    long timestamp = startedAt.getEpochSecond();
    HttpRequest request =
        PinnedRequests.to(target)
            .timeout(attemptTimeout)
            .header("content-type", "application/json")
            .header("user-agent", "Flowmesh-Webhooks/1.0")
            .header(WebhookSigner.ID_HEADER, delivery.id())
            .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSigner.SIGNATURE_HEADER,
                WebhookSigner.signature(
                    delivery.id(), timestamp, delivery.payload(), delivery.secrets()))
            .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
            .build();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request, info -> new ExcerptSubscriber(excerptLimit, DRAIN_LIMIT));
    try {
      HttpResponse<byte[]> response =
          exchange.get(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return classify(response, startedAt, millisSince(start));
    } catch (TimeoutException e) {
      exchange.cancel(true);
      return AttemptResult.failure(
          Outcome.TIMEOUT,
          startedAt,
          millisSince(start),
          "no complete response within " + attemptTimeout);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      return AttemptResult.failure(
          Outcome.NETWORK_ERROR, startedAt, millisSince(start), "interrupted (shutdown)");
    } catch (ExecutionException e) {
      return failure(e.getCause(), startedAt, millisSince(start));
    }
  }

  private AttemptResult classify(HttpResponse<byte[]> response, Instant startedAt, long latency) {
    int status = response.statusCode();
    String excerpt = excerpt(response.body());
    if (status >= 200 && status < 300) {
      return new AttemptResult(Outcome.SUCCESS, startedAt, status, latency, excerpt, null, null);
    }
    Duration retryAfter =
        response.headers().firstValue("retry-after").flatMap(this::parseRetryAfter).orElse(null);
    if (status == 410) {
      return new AttemptResult(
          Outcome.GONE, startedAt, status, latency, excerpt, "HTTP 410 Gone", retryAfter);
    }
    if (status >= 300 && status < 400) {
      String location = response.headers().firstValue("location").orElse("(no Location)");
      return new AttemptResult(
          Outcome.REDIRECT,
          startedAt,
          status,
          latency,
          excerpt,
          bounded("HTTP " + status + ": redirects are not followed (to " + location + ")"),
          retryAfter);
    }
    return new AttemptResult(
        Outcome.HTTP_ERROR, startedAt, status, latency, excerpt, "HTTP " + status, retryAfter);
  }

  private static AttemptResult failure(Throwable cause, Instant startedAt, long latency) {
    if (cause instanceof HttpConnectTimeoutException) {
      return AttemptResult.failure(Outcome.TIMEOUT, startedAt, latency, "connect timed out");
    }
    if (cause instanceof HttpTimeoutException) {
      return AttemptResult.failure(Outcome.TIMEOUT, startedAt, latency, "request timed out");
    }
    String what =
        cause instanceof ConnectException
            ? "connection failed"
            : cause instanceof IOException ? "I/O error" : "error";
    String message = cause == null ? null : cause.getMessage();
    return AttemptResult.failure(
        Outcome.NETWORK_ERROR,
        startedAt,
        latency,
        bounded(what + (message == null || message.isBlank() ? "" : ": " + message)));
  }

  /** {@code Retry-After} as delay-seconds or an HTTP-date. */
  Optional<Duration> parseRetryAfter(String value) {
    String trimmed = value.trim();
    try {
      long seconds = Long.parseLong(trimmed);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      // not delay-seconds; try the date form
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration delay = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String excerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(java.nio.ByteBuffer.wrap(body))
              .toString();
      // PostgreSQL text cannot hold NUL.
      return text.replace('\u0000', '\uFFFD');
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private static String bounded(String text) {
    String clean = text.replace('\u0000', '\uFFFD');
    return clean.length() <= MAX_ERROR_LENGTH ? clean : clean.substring(0, MAX_ERROR_LENGTH);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
