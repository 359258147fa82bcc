package io.flowmesh.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.flowmesh.model.TenantId;
import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.ssrf.SsrfProperties;
import io.flowmesh.webhooks.Receiver;
import io.flowmesh.webhooks.Receiver.Reply;
import io.flowmesh.webhooks.signing.WebhookSecrets;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * One attempt against a real local endpoint. The host names used here exist only in the test's
 * resolver, so a request that arrives proves the sender connected to the checked address.
 */
class WebhookSenderTest {

  private static final String SECRET = WebhookSecrets.generate();

  private final Receiver receiver = new Receiver();
  private final WebhookSender sender =
      new WebhookSender(
          SsrfGuard.of(
              new SsrfProperties(true, List.of()), WebhookSenderTest::resolve, "webhook endpoints"),
          properties(Duration.ofMillis(1500)),
          Clock.systemUTC());

  @AfterEach
  void close() {
    sender.close();
    receiver.close();
  }

  @Test
  void postsTheSignedBodyToTheCheckedAddressWithTheOriginalHost() throws Exception {
    AttemptResult result =
        sender.send(delivery("http://hooks.test:" + receiver.port() + "/in?x=1"));

    assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.SUCCESS);
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.responseExcerpt()).isEqualTo("ok");
    Receiver.Received request = receiver.received().getFirst();
    assertThat(request.path()).isEqualTo("/in");
    assertThat(request.header("host")).isEqualTo("hooks.test:" + receiver.port());
    assertThat(request.header("webhook-id")).isEqualTo("whd_1");
    assertThat(request.body()).isEqualTo("{\"hello\":\"wörld\"}");
    new Webhook(SECRET).verify(request.body(), request.headers());
  }

  @Test
  void httpsConnectsToTheCheckedAddressAndNamesTheHostForTls() throws Exception {
    // hooks.test exists only in the test's resolver: a TLS ClientHello that arrives at 127.0.0.1
    // naming hooks.test (SNI) proves the https connection went to the checked address by name.
    try (ServerSocket tls = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        // A generous deadline: on a loaded machine the short one can abort the handshake (and
        // reset the connection) before this endpoint has read the hello.
        WebhookSender patient =
            new WebhookSender(
                SsrfGuard.of(
                    new SsrfProperties(true, List.of()),
                    WebhookSenderTest::resolve,
                    "webhook endpoints"),
                properties(Duration.ofSeconds(20)),
                Clock.systemUTC())) {
      CompletableFuture<byte[]> hello = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                // Reads whatever each connection sends first, then hangs up (also on resends).
                while (!tls.isClosed()) {
                  try (Socket connection = tls.accept()) {
                    connection.setSoTimeout(10_000);
                    byte[] buffer = new byte[16384];
                    int n = connection.getInputStream().read(buffer);
                    hello.complete(Arrays.copyOf(buffer, Math.max(n, 0)));
                  } catch (IOException e) {
                    // closed, or the client gave up
                  }
                }
              });

      AttemptResult result =
          patient.send(delivery("https://hooks.test:" + tls.getLocalPort() + "/in"));

      byte[] clientHello = hello.get(10, TimeUnit.SECONDS);
      assertThat(clientHello[0]).isEqualTo((byte) 0x16); // a TLS handshake record
      assertThat(new String(clientHello, StandardCharsets.ISO_8859_1)).contains("hooks.test");
      assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.NETWORK_ERROR);
    }
  }

  @Test
  void resendsAtOnceWhenThePooledConnectionWasClosedByTheEndpoint() throws Exception {
    // An endpoint that answers one request per connection with keep-alive and then closes it, as
    // servers do with idle connections: the second attempt finds its pooled connection closed.
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        WebhookSender patient =
            new WebhookSender(
                SsrfGuard.of(
                    new SsrfProperties(true, List.of()),
                    WebhookSenderTest::resolve,
                    "webhook endpoints"),
                properties(Duration.ofSeconds(20)),
                Clock.systemUTC())) {
      AtomicInteger requests = new AtomicInteger();
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try (Socket connection = server.accept()) {
                    readRequest(connection.getInputStream());
                    requests.incrementAndGet();
                    connection
                        .getOutputStream()
                        .write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException e) {
                    // closed
                  }
                }
              });
      String url = "http://hooks.test:" + server.getLocalPort() + "/";
      // Four attempts at once leave four pooled connections, all of which the endpoint closes:
      // more than the two resends could get past one by one.
      List<CompletableFuture<AttemptResult>> first = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        first.add(
            CompletableFuture.supplyAsync(
                () -> patient.send(delivery(url)), Executors.newVirtualThreadPerTaskExecutor()));
      }
      for (CompletableFuture<AttemptResult> attempt : first) {
        assertThat(attempt.get(10, TimeUnit.SECONDS).outcome())
            .isEqualTo(AttemptResult.Outcome.SUCCESS);
      }

      assertThat(patient.send(delivery(url)).outcome()).isEqualTo(AttemptResult.Outcome.SUCCESS);
      assertThat(requests).hasValue(5);
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      head.append((char) b);
    }
    Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head.toString());
    in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
  }

  @Test
  void refusesAnAddressThatTheGuardForbidsWithoutSendingAnything() {
    AttemptResult result = sender.send(delivery("http://internal.test:" + receiver.port() + "/"));

    assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.BLOCKED);
    assertThat(result.error()).startsWith("blocked: host 'internal.test' resolves to 10.0.0.7");
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void doesNotFollowRedirects() {
    receiver.respond(
        request ->
            request.path().equals("/moved")
                ? new Reply(302, Map.of("Location", "http://169.254.169.254/"), "")
                : Reply.ok());

    AttemptResult result = sender.send(delivery("http://hooks.test:" + receiver.port() + "/moved"));

    assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.REDIRECT);
    assertThat(result.statusCode()).isEqualTo(302);
    assertThat(result.error())
        .isEqualTo("HTTP 302: redirects are not followed (to http://169.254.169.254/)");
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void anEndpointThatDoesNotAnswerInTimeIsATimeout() {
    receiver.respond(
        request -> {
          try {
            Thread.sleep(5000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Reply.ok();
        });

    AttemptResult result = sender.send(delivery("http://hooks.test:" + receiver.port() + "/slow"));

    assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.TIMEOUT);
    assertThat(result.latencyMillis()).isBetween(1000L, 4500L);
  }

  @Test
  void keepsOnlyABoundedExcerptOfTheResponseAndTheRetryAfter() {
    receiver.respond(request -> new Reply(503, Map.of("Retry-After", "120"), "x".repeat(100_000)));
    // Its own sender with a generous deadline: the subject here is the excerpt, and on a loaded
    // machine (load average 25-30 on 2 cores) moving 100 KB took longer than the shared 1.5 s.
    AttemptResult result;
    try (WebhookSender patient =
        new WebhookSender(
            SsrfGuard.of(
                new SsrfProperties(true, List.of()),
                WebhookSenderTest::resolve,
                "webhook endpoints"),
            properties(Duration.ofSeconds(30)),
            Clock.systemUTC())) {
      result = patient.send(delivery("http://hooks.test:" + receiver.port() + "/big"));
    }

    assertThat(result.outcome()).isEqualTo(AttemptResult.Outcome.HTTP_ERROR);
    assertThat(result.error()).isEqualTo("HTTP 503");
    assertThat(result.responseExcerpt()).hasSize(1024);
    assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void goneIsItsOwnOutcome() {
    receiver.respond(request -> Reply.status(410));

    assertThat(sender.send(delivery("http://hooks.test:" + receiver.port() + "/")).outcome())
        .isEqualTo(AttemptResult.Outcome.GONE);
  }

  @Test
  void readsRetryAfterAsSecondsOrHttpDate() {
    Instant now = Instant.parse("2025-03-01T12:00:00Z");
    WebhookSender fixed =
        new WebhookSender(
            SsrfGuard.of(
                new SsrfProperties(false, List.of()),
                WebhookSenderTest::resolve,
                "webhook endpoints"),
            properties(Duration.ofSeconds(1)),
            Clock.fixed(now, ZoneOffset.UTC));
    try {
      assertThat(fixed.parseRetryAfter("30")).hasValue(Duration.ofSeconds(30));
      assertThat(fixed.parseRetryAfter("Sat, 01 Mar 2025 12:02:00 GMT"))
          .hasValue(Duration.ofMinutes(2));
      assertThat(fixed.parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT")).hasValue(Duration.ZERO);
      assertThat(fixed.parseRetryAfter("soon")).isEmpty();
      assertThat(fixed.parseRetryAfter("-5")).isEmpty();
    } finally {
      fixed.close();
    }
  }

  private static ClaimedDelivery delivery(String url) {
    return new ClaimedDelivery(
        DeliveryId.of("whd_1"),
        TenantId.of("acme"),
        SubscriptionId.of("whs_1"),
        "run-1",
        1,
        1,
        "{\"hello\":\"wörld\"}",
        Instant.now(),
        url,
        SECRET,
        null,
        "evt-1",
        "io.flowmesh.run.started.v1",
        true,
        null,
        false,
        null);
  }

  private static DeliveryProperties properties(Duration attemptTimeout) {
    return new DeliveryProperties(
        true,
        4,
        attemptTimeout,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        List.of(Duration.ZERO),
        0,
        Duration.ofHours(1),
        Duration.ofSeconds(1),
        DataSize.ofKilobytes(1),
        DataSize.ofKilobytes(256),
        Duration.ofDays(5),
        256,
        16);
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    return switch (host) {
      case "hooks.test" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
      case "internal.test" -> new InetAddress[] {InetAddress.getByName("10.0.0.7")};
      default -> throw new UnknownHostException(host);
    };
  }
}
