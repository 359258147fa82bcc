package io.flowmesh.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.launcher.JvmOptions;
import io.flowmesh.launcher.Platform;
import io.flowmesh.launcher.services.Service;
import io.flowmesh.testinfra.TestInfrastructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * What authentication and authorisation add to a request at the gateway (docs/benchmarks.md,
 * "Gateway authentication"). The gateway alone runs, in front of a stub service on loopback that
 * answers at once; {@code bench.clients} clients (default 16) send the same small POST for {@code
 * bench.seconds} each (default 20, after 5 s of warm-up) to:
 *
 * <ol>
 *   <li>a public route (an inbound webhook): no key, no scopes, no audit;
 *   <li>{@code POST /api/v1/runs} with the bootstrap key (from configuration);
 *   <li>{@code POST /api/v1/runs} with an issued key (looked up in PostgreSQL, then cached).
 * </ol>
 *
 * Both authenticated cases go through the same filters as any call: key lookup, tenant status,
 * scope rules, the rate limit (off by default, as here) and the audit record of a mutating call.
 * Printed: requests/s and latency percentiles of each, and the added p50/p99 against the public
 * route. Bounded in time; loopback only.
 */
public final class GatewayAuthBenchmark {

  private static final String SERVICE_JVM_OPTIONS =
      "-XX:+UseSerialGC -Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError";
  private static final String BODY = "{\"workflowId\":\"bench\",\"input\":{\"n\":1}}";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String gatewayUrl;

  private GatewayAuthBenchmark(String gatewayUrl) {
    this.gatewayUrl = gatewayUrl;
  }

  public static void main(String[] args) throws Exception {
    int clients = Integer.getInteger("bench.clients", 16);
    int seconds = Integer.getInteger("bench.seconds", 20);
    Path root = Path.of(System.getProperty("flowmesh.repository-root", "..")).toAbsolutePath();
    MachineFacts.print();
    HttpServer stub = stubService();
    String stubUrl = "http://127.0.0.1:" + stub.getAddress().getPort();
    try (DurablePostgres postgres = DurablePostgres.start();
        Platform platform =
            Platform.builder()
                .repositoryRoot(root)
                .workspace(Files.createTempDirectory("flowmesh-bench"))
                .externalPostgres(postgres.createDatabase("flowmesh"), "postgres", "postgres")
                .externalKafka(TestInfrastructure.kafkaBootstrapServers())
                .services(List.of(Service.GATEWAY))
                .freeServicePorts()
                .environment("FLOWMESH_SERVICES_ORCHESTRATOR_URL", stubUrl)
                .environment("FLOWMESH_SERVICES_EVENT_URL", stubUrl)
                .serviceJvmOptions(JvmOptions.parse(SERVICE_JVM_OPTIONS))
                .classDataSharing(false)
                .readinessTimeout(Duration.ofMinutes(3))
                .progress(line -> System.out.println("platform          : " + line))
                .start()) {
      GatewayAuthBenchmark bench = new GatewayAuthBenchmark(platform.gatewayUrl());
      String issuedKey = bench.issueKey(platform.apiKey());
      String publicPath = "/hooks/bench-hook";
      String runs = "/api/v1/runs";
      bench.measure(clients, 5, publicPath, null);
      bench.measure(clients, 5, runs, platform.apiKey());
      bench.measure(clients, 5, runs, issuedKey);

      Result open = bench.measure(clients, seconds, publicPath, null);
      Result bootstrap = bench.measure(clients, seconds, runs, platform.apiKey());
      Result issued = bench.measure(clients, seconds, runs, issuedKey);
      System.out.printf("clients           : %d, %d s per case%n", clients, seconds);
      open.print("public route");
      bootstrap.print("bootstrap key");
      issued.print("issued key");
      System.out.printf(
          "added, bootstrap  : p50 %+.2f ms, p99 %+.2f ms%n",
          bootstrap.latency.percentileMillis(50) - open.latency.percentileMillis(50),
          bootstrap.latency.percentileMillis(99) - open.latency.percentileMillis(99));
      System.out.printf(
          "added, issued key : p50 %+.2f ms, p99 %+.2f ms%n",
          issued.latency.percentileMillis(50) - open.latency.percentileMillis(50),
          issued.latency.percentileMillis(99) - open.latency.percentileMillis(99));
      System.out.println("load average      : " + MachineFacts.loadAverage());
    } finally {
      stub.stop(0);
    }
  }

  record Result(double perSecond, Stats latency, long failures) {
    void print(String label) {
      System.out.printf(
          "%-18s: %.0f requests/s, %s, non-2xx %d%n", label, perSecond, latency, failures);
    }
  }

  private Result measure(int clients, int seconds, String path, String apiKey) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong failures = new AtomicLong();
    List<Future<long[]>> workers = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
      for (int c = 0; c < clients; c++) {
        workers.add(threads.submit(() -> loop(path, apiKey, end, failures)));
      }
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> worker : workers) {
        all.add(worker.get());
      }
      long[] nanos = all.stream().flatMapToLong(java.util.Arrays::stream).toArray();
      return new Result((double) nanos.length / seconds, new Stats(nanos), failures.get());
    }
  }

  private long[] loop(String path, String apiKey, long end, AtomicLong failures) throws Exception {
    long[] nanos = new long[1 << 16];
    int n = 0;
    while (System.nanoTime() < end) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(gatewayUrl + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(BODY));
      if (apiKey != null) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      long start = System.nanoTime();
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      long took = System.nanoTime() - start;
      if (response.statusCode() / 100 != 2) {
        failures.incrementAndGet();
      }
      if (n == nanos.length) {
        nanos = java.util.Arrays.copyOf(nanos, n * 2);
      }
      nanos[n++] = took;
    }
    return java.util.Arrays.copyOf(nanos, n);
  }

  private String issueKey(String bootstrapKey) throws IOException, InterruptedException {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/api-keys"))
                .header("Authorization", "Bearer " + bootstrapKey)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"bench\",\"scopes\":[\"runs:read\",\"runs:write\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("could not issue a key: " + created.body());
    }
    return JsonMapper.builder().build().readTree(created.body()).get("secret").asString();
  }

  /** A service that answers every request at once with a small JSON body. */
  private static HttpServer stubService() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    // virtual threads: daemon threads, so the JVM ends when the benchmark does
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }
}
