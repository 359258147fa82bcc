package io.flowmesh.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.launcher.JvmOptions;
import io.flowmesh.launcher.Platform;
import io.flowmesh.launcher.services.Service;
import io.flowmesh.testinfra.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * answers at once; {@code bench.clients} clients (default 16) send the same small POST, for {@code
 * bench.seconds} (default 10) per case and round, {@code bench.rounds} rounds (default 3, after 5 s
 * of warm-up per case), to:
 *
 * <ol>
 *   <li>a public route (an inbound webhook): no key, no scopes, no audit;
 *   <li>{@code POST /api/v1/runs} with the bootstrap key (from configuration);
 *   <li>{@code POST /api/v1/runs} with an issued key (looked up in PostgreSQL, then cached).
 * </ol>
 *
 * Both authenticated cases go through the same filters as any call: key lookup, tenant status,
 * scope rules, the rate limit (off by default, as here) and the audit record of a mutating call.
 * Printed: requests/s and latency percentiles of each case per round, then the medians of the
 * rounds and the added p50/p99 against the public route. Bounded in time; loopback only.
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
    int seconds = Integer.getInteger("bench.seconds", 10);
    int rounds = Integer.getInteger("bench.rounds", 3);
    Path root = Path.of(System.getProperty("flowmesh.repository-root", "..")).toAbsolutePath();
    MachineFacts.print();
    HttpServer stub = OkEndpoint.start("/", 256);
    String stubUrl = "http://127.0.0.1:" + stub.getAddress().getPort();
    try (DurablePostgres postgres = DurablePostgres.start();
        Platform platform =
            Platform.builder()
                .repositoryRoot(root)
                .temporaryWorkspace("flowmesh-bench")
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

      // The cases take turns, round after round, so that JIT warm-up and the machine's noise
      // fall on all three alike; the figures are the medians of the rounds.
      List<Result> open = new ArrayList<>();
      List<Result> bootstrap = new ArrayList<>();
      List<Result> issued = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        open.add(bench.measure(clients, seconds, publicPath, null));
        bootstrap.add(bench.measure(clients, seconds, runs, platform.apiKey()));
        issued.add(bench.measure(clients, seconds, runs, issuedKey));
        System.out.printf("round %d           :%n", round);
        open.getLast().print("  public route");
        bootstrap.getLast().print("  bootstrap key");
        issued.getLast().print("  issued key");
      }
      System.out.printf(
          "clients           : %d, %d rounds of %d s per case; medians of the rounds:%n",
          clients, rounds, seconds);
      Summary openSummary = Summary.of(open);
      openSummary.print("public route", null);
      Summary.of(bootstrap).print("bootstrap key", openSummary);
      Summary.of(issued).print("issued key", openSummary);
      System.out.println("load average      : " + MachineFacts.loadAverage());
    } finally {
      stub.stop(0);
    }
    // the embedded Kafka of the test infrastructure keeps non-daemon threads
    System.exit(0);
  }

  /** The medians over rounds of one case's requests/s, p50 and p99. */
  record Summary(double perSecond, double p50, double p99) {
    static Summary of(List<Result> rounds) {
      return new Summary(
          median(rounds.stream().mapToDouble(Result::perSecond).toArray()),
          median(rounds.stream().mapToDouble(r -> r.latency().percentileMillis(50)).toArray()),
          median(rounds.stream().mapToDouble(r -> r.latency().percentileMillis(99)).toArray()));
    }

    void print(String label, Summary baseline) {
      String added =
          baseline == null
              ? ""
              : String.format(
                  "; added p50 %+.2f ms, p99 %+.2f ms", p50 - baseline.p50, p99 - baseline.p99);
      System.out.printf(
          "%-18s: %.0f requests/s, p50 %.2f ms, p99 %.2f ms%s%n",
          label, perSecond, p50, p99, added);
    }

    private static double median(double[] values) {
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int middle = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
}
