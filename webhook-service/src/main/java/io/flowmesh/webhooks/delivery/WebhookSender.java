package io.flowmesh.webhooks.delivery;

import io.flowmesh.ssrf.CheckedTarget;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.webhooks.delivery.AttemptResult.Outcome;
import io.flowmesh.webhooks.signing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Makes one delivery attempt: resolves and checks the endpoint (SSRF), signs the body per Standard
 * Webhooks, POSTs it with Apache HttpClient 5 (classic, pooled keep-alive connections, redirects
 * and automatic retries off, one deadline for the whole exchange) and classifies the outcome. Never
 * throws for anything the endpoint or the network did.
 *
 * <p>Every request connects to the address the SSRF guard checked, for http and https alike: the
 * target {@link HttpHost} carries that address beside the host name, so the client connects to the
 * address while the Host header, TLS SNI and certificate check use the name (ADR 0004). The
 * client's own DNS resolver refuses every lookup, so no code path can connect by a second,
 * unchecked DNS answer. Pooled connections are keyed by name and address, so a connection is only
 * reused for a request whose check resolved to the same address.
 *
 * <p>The attempts run on virtual threads and block in socket I/O; the client needs no threads of
 * its own apart from one shared timer that aborts exchanges at their deadline.
 */
class WebhookSender implements AutoCloseable {

  /** Bytes read past the excerpt so that a small body leaves the connection reusable. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private static final int MAX_ERROR_LENGTH = 1000;

  private static final ContentType JSON = ContentType.create("application/json");

  /** Connections are made to checked addresses only; a lookup inside the client is a bug. */
  private static final DnsResolver NO_LOOKUPS =
      new DnsResolver() {
        @Override
        public java.net.InetAddress[] resolve(String host) throws UnknownHostException {
          throw new UnknownHostException(
              host + ": webhook requests connect only to SSRF-checked addresses");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
          throw new UnknownHostException(host);
        }
      };

  private final CloseableHttpClient client;
  private final PoolingHttpClientConnectionManager connections;
  private final ScheduledThreadPoolExecutor deadlines;
  private final SsrfGuard ssrf;
  private final Duration attemptTimeout;
  private final int excerptLimit;
  private final Clock clock;

  WebhookSender(SsrfGuard ssrf, DeliveryProperties properties, Clock clock) {
    this.ssrf = ssrf;
    this.attemptTimeout = properties.attemptTimeout();
    this.excerptLimit = (int) properties.responseExcerptLimit().toBytes();
    this.clock = clock;
    Timeout attempt = Timeout.of(attemptTimeout);
    this.connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(NO_LOOKUPS)
            // One connection per attempt in flight; attempts never wait for the pool.
            .setMaxConnTotal(properties.concurrency())
            .setMaxConnPerRoute(properties.concurrency())
            .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                    .setSocketTimeout(attempt)
                    // A connection idle this long is checked before reuse (the endpoint may
                    // have closed it); a failure on a stale connection would cost a retry.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .setRetryStrategy(new StaleConnectionRetry(this::closeIdleConnections))
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .evictIdleConnections(TimeValue.ofMinutes(1))
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(attempt)
                    .setResponseTimeout(attempt)
                    .setProtocolUpgradeEnabled(false)
                    .setAuthenticationEnabled(false)
                    .build())
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("webhook-deadlines").daemon().factory());
    this.deadlines.setRemoveOnCancelPolicy(true);
  }

  AttemptResult send(ClaimedDelivery delivery) {
    return send(delivery, null);
  }

  /**
   * One attempt; with {@code traceparent}, the request carries it (W3C Trace Context), so a
   * receiver instrumented with OpenTelemetry continues the run's trace.
   */
  AttemptResult send(ClaimedDelivery delivery, String traceparent) {
    Instant startedAt = clock.instant();
    long start = System.nanoTime();
    CheckedTarget target;
    URI uri;
    try {
      uri = URI.create(delivery.url());
      target = ssrf.check(uri);
    } catch (ForbiddenTargetException | IllegalArgumentException e) {
      return AttemptResult.failure(
          Outcome.BLOCKED, startedAt, millisSince(start), bounded("blocked: " + e.getMessage()));
    }
    long timestamp = startedAt.getEpochSecond();
    HttpPost post = new HttpPost(uri);
    post.setHeader("content-type", "application/json");
    post.setHeader("user-agent", "Flowmesh-Webhooks/1.0");
    if (traceparent != null) {
      post.setHeader("traceparent", traceparent);
    }
    post.setHeader(WebhookSigner.ID_HEADER, delivery.id().value());
    post.setHeader(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp));
    post.setHeader(
        WebhookSigner.SIGNATURE_HEADER,
        WebhookSigner.signature(
            delivery.id().value(), timestamp, delivery.payload(), delivery.secrets()));
    post.setEntity(new ByteArrayEntity(delivery.payload().getBytes(StandardCharsets.UTF_8), JSON));
    HttpHost pinned =
        new HttpHost(
            uri.getScheme(), target.address(), stripBrackets(uri.getHost()), target.port());
    // One deadline for the whole exchange, however slowly the endpoint trickles its answer.
    Deadline deadline = new Deadline(post);
    ScheduledFuture<?> timer =
        deadlines.schedule(deadline, attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
    ClassicHttpResponse response = null;
    try {
      response = client.executeOpen(pinned, post, null);
      byte[] excerpt = readExcerpt(response.getEntity(), post);
      return classify(response, excerpt, startedAt, millisSince(start));
    } catch (IOException | RuntimeException e) {
      if (deadline.passed) {
        return AttemptResult.failure(
            Outcome.TIMEOUT,
            startedAt,
            millisSince(start),
            "no complete response within " + attemptTimeout);
      }
      return failure(e, startedAt, millisSince(start));
    } finally {
      timer.cancel(false);
      closeQuietly(response);
    }
  }

  /**
   * Sends a request again, at once, when the connection failed before any byte of a response
   * arrived: typically a pooled keep-alive connection that the endpoint had just closed (servers
   * close idle connections whenever they like, and a blocking client notices only on the next use).
   * Without this, each such race would cost the key a scheduled retry (5 s by default). The resend
   * is the same attempt (same {@code webhook-id}, timestamp and signature); receivers deduplicate
   * on {@code webhook-id} anyway. Timeouts, refused connections, TLS failures and any response
   * (whatever its status) are never retried here.
   */
  private static final class StaleConnectionRetry implements HttpRequestRetryStrategy {

    private static final int MAX_RESENDS = 2;

    private final Runnable closeIdle;

    StaleConnectionRetry(Runnable closeIdle) {
      this.closeIdle = closeIdle;
    }

    @Override
    public boolean retryRequest(
        HttpRequest request, IOException exception, int execCount, HttpContext context) {
      if (execCount > MAX_RESENDS
          || (request instanceof HttpUriRequestBase uriRequest && uriRequest.isCancelled())) {
        return false;
      }
      boolean stale =
          exception instanceof NoHttpResponseException
              || (exception instanceof SocketException && !(exception instanceof ConnectException));
      if (stale) {
        // Servers shed idle connections in groups (e.g. all beyond a limit once a burst is over),
        // and the pool hands out the most recently used first: the next pooled connections are
        // likely closed too. Dropping the idle ones makes the resend use a live or new one.
        closeIdle.run();
      }
      return stale;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
      return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
      return TimeValue.ZERO_MILLISECONDS;
    }
  }

  /** Aborts the exchange (closes its connection) when the attempt's deadline passes. */
  private static final class Deadline implements Runnable {
    private final HttpPost post;
    private volatile boolean passed;

    Deadline(HttpPost post) {
      this.post = post;
    }

    @Override
    public void run() {
      passed = true;
      post.cancel();
    }
  }

  /**
   * The first {@code excerptLimit} bytes of the body. The rest is read and dropped up to {@link
   * #DRAIN_LIMIT}: a body read to its end puts the connection back into the pool; a longer one
   * aborts the exchange (its connection is closed), so an endpoint cannot make the sender read
   * without end.
   */
  private byte[] readExcerpt(HttpEntity entity, HttpPost post) throws IOException {
    if (entity == null) {
      return null;
    }
    InputStream body = entity.getContent();
    byte[] kept = body.readNBytes(excerptLimit);
    long drained = 0;
    byte[] sink = new byte[8192];
    int n;
    while ((n = body.read(sink)) >= 0) {
      drained += n;
      if (drained > DRAIN_LIMIT) {
        post.cancel();
        return kept;
      }
    }
    body.close();
    return kept;
  }

  /** After the outcome is known, closing can only fail on an aborted connection: irrelevant. */
  private static void closeQuietly(ClassicHttpResponse response) {
    if (response != null) {
      try {
        response.close();
      } catch (IOException | RuntimeException e) {
        // the connection is discarded either way
      }
    }
  }

  private AttemptResult classify(
      ClassicHttpResponse response, byte[] body, Instant startedAt, long latency) {
    int status = response.getCode();
    String excerpt = excerpt(body);
    if (status >= 200 && status < 300) {
      return new AttemptResult(Outcome.SUCCESS, startedAt, status, latency, excerpt, null, null);
    }
    Duration retryAfter =
        header(response, "retry-after").flatMap(this::parseRetryAfter).orElse(null);
    if (status == 410) {
      return new AttemptResult(
          Outcome.GONE, startedAt, status, latency, excerpt, "HTTP 410 Gone", retryAfter);
    }
    if (status >= 300 && status < 400) {
      String location = header(response, "location").orElse("(no Location)");
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

  private static Optional<String> header(ClassicHttpResponse response, String name) {
    Header header = response.getFirstHeader(name);
    return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
  }

  private static AttemptResult failure(Throwable cause, Instant startedAt, long latency) {
    if (cause instanceof ConnectTimeoutException) {
      return AttemptResult.failure(Outcome.TIMEOUT, startedAt, latency, "connect timed out");
    }
    if (cause instanceof SocketTimeoutException) {
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

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String bounded(String text) {
    String clean = text.replace('\u0000', '\uFFFD');
    return clean.length() <= MAX_ERROR_LENGTH ? clean : clean.substring(0, MAX_ERROR_LENGTH);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private void closeIdleConnections() {
    connections.closeIdle(TimeValue.ZERO_MILLISECONDS);
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    client.close(CloseMode.IMMEDIATE);
  }
}
