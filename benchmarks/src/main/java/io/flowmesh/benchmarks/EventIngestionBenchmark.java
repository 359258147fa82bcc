package io.flowmesh.benchmarks;

import io.flowmesh.launcher.JvmOptions;
import io.flowmesh.launcher.Platform;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events in through the gateway, and what they start (docs/benchmarks.md, "Event ingestion").
 *
 * <ol>
 *   <li>Batched: {@code bench.clients} clients send batches of {@code bench.batch} CloudEvents
 *       ({@code application/cloudevents-batch+json}) for {@code bench.seconds}; events accepted
 *       (202, durably stored) per second.
 *   <li>One by one: the same clients send single structured events for {@code bench.seconds}.
 *   <li>Event to run: a trigger starts a two-node workflow for each event; events are sent at
 *       {@code bench.rate} per second for {@code bench.seconds}; latency is the run's {@code
 *       started_at} (orchestrator) minus the event's {@code received_at} (event-service), both
 *       stamped by PostgreSQL's clock of the same server.
 *   <li>Schedule fire lag: {@code bench.schedules} schedules (default 10,000) firing every minute
 *       (cron {@code * * * * *}) for {@code bench.schedule-minutes} whole minutes (default 2); the
 *       lag is when each fire was recorded minus its nominal time.
 * </ol>
 *
 * <p>Bounded: each sending phase lasts {@code bench.seconds} (default 20), the schedule phase its
 * minutes plus the time to create the schedules; loopback only.
 */
public final class EventIngestionBenchmark {

  private static final String SERVICE_JVM_OPTIONS =
      "-XX:+UseSerialGC -Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError";

  private static final String NOTIFY =
      """
      {"id":"on-event","name":"On event","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"id":"e1","source":"trigger","target":"end"}]}
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Platform platform;

  private EventIngestionBenchmark(Platform platform) {
    this.platform = platform;
  }

  public static void main(String[] args) throws Exception {
    int clients = Integer.getInteger("bench.clients", 8);
    int batch = Integer.getInteger("bench.batch", 100);
    int seconds = Integer.getInteger("bench.seconds", 20);
    int rate = Integer.getInteger("bench.rate", 100);
    int schedules = Integer.getInteger("bench.schedules", 10_000);
    int scheduleMinutes = Integer.getInteger("bench.schedule-minutes", 2);
    Path root = Path.of(System.getProperty("flowmesh.repository-root", "..")).toAbsolutePath();
    List<String> serviceJvm =
        new ArrayList<>(
            JvmOptions.parse(System.getProperty("bench.service-jvm-options", SERVICE_JVM_OPTIONS)));

    MachineFacts.print();
    try (DurablePostgres postgres = DurablePostgres.start()) {
      System.out.println("postgres settings : " + postgres.durabilitySettings());
      String database = postgres.createDatabase("flowmesh");
      try (Platform platform =
          Platform.builder()
              .repositoryRoot(root)
              .temporaryWorkspace("flowmesh-bench")
              .externalPostgres(database, "postgres", "postgres")
              .externalKafka(TestInfrastructure.kafkaBootstrapServers())
              .freeServicePorts()
              .serviceJvmOptions(serviceJvm)
              .classDataSharing(false)
              .readinessTimeout(Duration.ofMinutes(4))
              .progress(line -> System.out.println("platform          : " + line))
              .start()) {
        System.out.println("platform ready in : " + platform.startupTime().toMillis() + " ms");
        EventIngestionBenchmark bench = new EventIngestionBenchmark(platform);
        // warm-up: the same mix for a few seconds, not counted
        bench.sendFor(clients, 5, () -> bench.batchBody(batch), "batch");
        bench.sendFor(clients, 5, () -> bench.single(), "single");

        long batched = bench.sendFor(clients, seconds, () -> bench.batchBody(batch), "batch");
        System.out.printf(
            "batched           : %d clients, batches of %d, %.0f events/s accepted%n",
            clients, batch, (double) batched * batch / seconds);
        long singles = bench.sendFor(clients, seconds, bench::single, "single");
        System.out.printf(
            "one by one        : %d clients, %.0f events/s accepted%n",
            clients, (double) singles / seconds);

        bench.post("/api/v1/workflow-definitions", "application/json", NOTIFY);
        bench.post(
            "/api/v1/triggers",
            "application/json",
            "{\"name\": \"bench\", \"workflowId\": \"on-event\", \"eventTypes\":"
                + " [\"com.bench.paced\"]}");
        int sent = bench.sendAtRate(rate, seconds);
        Thread.sleep(5000); // the last requests reach the orchestrator
        Stats latency = bench.eventToRun(postgres);
        System.out.printf(
            "event to run      : %d events at %d/s; started %d; accepted -> run started %s%n",
            sent, rate, latency.count(), latency);

        if (schedules > 0) {
          long created = System.nanoTime();
          bench.createSchedules(clients, schedules);
          System.out.printf(
              "schedules         : %d created in %d ms%n",
              schedules, Duration.ofNanos(System.nanoTime() - created).toMillis());
          // whole minutes after the next boundary, and a little for the last fires to commit
          long now = System.currentTimeMillis();
          long firstMinute = (now / 60_000 + 1) * 60_000;
          Thread.sleep(firstMinute - now + scheduleMinutes * 60_000L + 5_000);
          Stats lag = bench.fireLag(postgres, firstMinute, scheduleMinutes);
          System.out.printf(
              "schedule fire lag : %d schedules every minute, %d minutes, %d fires; lag %s%n",
              schedules, scheduleMinutes, lag.count(), lag);
        }
      }
    }
    System.exit(0);
  }

  /** Sends from {@code clients} threads for {@code seconds}; returns the accepted requests. */
  private long sendFor(int clients, int seconds, BodySupplier body, String mode) throws Exception {
    AtomicLong accepted = new AtomicLong();
    long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    String contentType =
        mode.equals("batch")
            ? "application/cloudevents-batch+json"
            : "application/cloudevents+json";
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        workers.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < until) {
                    post("/api/v1/events", contentType, body.get());
                    accepted.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
    return accepted.get();
  }

  /** Sends single events of the paced type at {@code perSecond} for {@code seconds}. */
  private int sendAtRate(int perSecond, int seconds) throws Exception {
    int total = perSecond * seconds;
    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / perSecond;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> sends = new ArrayList<>(total);
      for (int i = 0; i < total; i++) {
        long due = start + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        }
        sends.add(
            pool.submit(
                () ->
                    post(
                        "/api/v1/events",
                        "application/cloudevents+json",
                        event("com.bench.paced"))));
      }
      for (Future<?> send : sends) {
        send.get();
      }
    }
    return total;
  }

  /** Creates schedules firing every minute, from {@code clients} threads. */
  private void createSchedules(int clients, int count) throws Exception {
    AtomicLong next = new AtomicLong();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        workers.add(
            pool.submit(
                () -> {
                  for (long n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                    post(
                        "/api/v1/schedules",
                        "application/json",
                        "{\"name\": \"bench "
                            + n
                            + "\", \"workflowId\": \"on-event\","
                            + " \"cron\": \"* * * * *\"}");
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
  }

  /** Fired minus nominal time of the fires in the whole minutes from {@code firstMinute}. */
  private Stats fireLag(DurablePostgres postgres, long firstMinuteMillis, int minutes)
      throws Exception {
    List<Long> nanos = new ArrayList<>();
    RunQuery.forEachRow(
        postgres,
        "SELECT extract(epoch FROM f.fired_at - f.fire_time) FROM events.schedule_fires f"
            + " WHERE f.kind = ANY(?) AND f.fire_time >= to_timestamp("
            + firstMinuteMillis / 1000
            + ") AND f.fire_time < to_timestamp("
            + (firstMinuteMillis / 1000 + minutes * 60L)
            + ")",
        List.of("scheduled"),
        row -> nanos.add((long) (row.getDouble(1) * 1e9)));
    return new Stats(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  private Stats eventToRun(DurablePostgres postgres) throws Exception {
    List<Long> nanos = new ArrayList<>();
    RunQuery.forEachRow(
        postgres,
        "SELECT extract(epoch FROM r.started_at - e.received_at)"
            + " FROM events.events e"
            + " JOIN events.trigger_evaluations t ON t.tenant = e.tenant AND t.event_id = e.id"
            + " JOIN orchestrator.runs r ON r.id = t.run_id"
            + " WHERE e.type = ANY(?)",
        List.of("com.bench.paced"),
        row -> nanos.add((long) (row.getDouble(1) * 1e9)));
    return new Stats(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  private String batchBody(int size) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      body.append(i == 0 ? "" : ",").append(event("com.bench.batched"));
    }
    return body.append(']').toString();
  }

  private String single() {
    return event("com.bench.single");
  }

  private static String event(String type) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"source\":\"/bench\",\"type\":\""
        + type
        + "\",\"data\":{\"orderId\":\"o-1\",\"total\":12.5}}";
  }

  private String post(String path, String contentType, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .header("Authorization", "Bearer " + platform.apiKey())
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  @FunctionalInterface
  private interface BodySupplier {
    String get();
  }
}
