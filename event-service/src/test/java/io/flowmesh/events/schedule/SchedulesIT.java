package io.flowmesh.events.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.events.runs.RunEnds;
import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.testinfra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules on a real PostgreSQL: they fire at their times, each time once even with several
 * pollers at it, catch up after downtime as configured, pause, resume and fire on demand, and
 * another tenant sees none of it. A fire is a run start request in the outbox, the transactional
 * path every start request takes.
 */
@SpringBootTest(
    properties = {
      "flowmesh.edge.gateway-token=" + SchedulesIT.GATEWAY_TOKEN,
      "flowmesh.events.schedules.poll-interval=200ms"
    })
@AutoConfigureMockMvc
class SchedulesIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "eventschedules");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired ScheduleFiring firing;
  @Autowired JsonMapper json;
  @Autowired RunEnds runEnds;

  @Test
  void aScheduleFiresEachTimeOnceEvenWithSeveralPollersAtIt() throws Exception {
    String id =
        create("acme", "{\"name\": \"every second\", \"workflowId\": \"w\", \"every\": \"PT1S\"}");

    // three more pollers race the service's own for a few seconds
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      List<Future<?>> racers =
          List.of(pool.submit(this::race), pool.submit(this::race), pool.submit(this::race));
      for (Future<?> racer : racers) {
        racer.get();
      }
    }

    List<Instant> times =
        jdbc.sql("SELECT fire_time FROM schedule_fires WHERE schedule_id = :id ORDER BY fire_time")
            .param("id", id)
            .query(Instant.class)
            .list();
    assertThat(times).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
    // what left the service: one start request per fire time, none twice
    pause("acme", id);
    List<RunStartRequested> requests = startRequests(id, times.size());
    assertThat(requests).hasSize(times.size());
    assertThat(requests.stream().map(RunStartRequested::idempotencyKey))
        .doesNotHaveDuplicates()
        .allMatch(key -> key.startsWith("schedule:" + id + ":"));
  }

  @Test
  void missedTimesCatchUpAsConfigured() throws Exception {
    String start = Instant.now().minus(Duration.ofMinutes(10)).toString();
    String latest =
        create(
            "acme",
            "{\"name\": \"latest\", \"workflowId\": \"w\", \"every\": \"PT1M\", \"startAt\": \""
                + start
                + "\"}");
    String all =
        create(
            "acme",
            "{\"name\": \"all\", \"workflowId\": \"w\", \"every\": \"PT1M\", \"startAt\": \""
                + start
                + "\", \"catchUp\": \"all\", \"catchUpWindow\": \"PT5M30S\"}");

    await().atMost(Duration.ofSeconds(20)).until(() -> fires(all) >= 5 && fires(latest) >= 1);
    Thread.sleep(1000); // nothing more is due for another minute

    assertThat(fires(latest)).isEqualTo(1);
    assertThat(fires(all)).isBetween(5L, 6L); // the times within the last 5.5 minutes
    MvcTestResult view = get("acme", "/api/v1/schedules/" + latest);
    Instant next =
        Instant.parse(JsonPath.read(view.getResponse().getContentAsString(), "$.nextFireTimes[0]"));
    assertThat(next).isAfter(Instant.now().minusSeconds(1));
  }

  @Test
  void pausedSchedulesDoNotFireAndTriggerFiresOnDemand() throws Exception {
    String id =
        create(
            "initech",
            "{\"name\": \"paused\", \"workflowId\": \"w\", \"cron\": \"0 9 * * MON-FRI\","
                + " \"timeZone\": \"Europe/Berlin\", \"paused\": true, \"input\": {\"report\": \"tps\"}}");
    MvcTestResult view = get("initech", "/api/v1/schedules/" + id);
    assertThat(view).bodyJson().extractingPath("$.nextFireTimes").asArray().isEmpty();

    MvcTestResult resumed = post("initech", "/api/v1/schedules/" + id + "/resume", null);
    assertThat(resumed).bodyJson().extractingPath("$.nextFireTimes.length()").isEqualTo(5);

    MvcTestResult triggered = post("initech", "/api/v1/schedules/" + id + "/trigger", null);
    assertThat(triggered).hasStatus(202);
    assertThat(fires(id)).isEqualTo(1);
    assertThat(startRequests(id, 1).getFirst().input()).isEqualTo(Map.of("report", "tps"));
  }

  @Test
  void aBackfillFiresThePastTimesUnderTheOverlapPolicyAndBufferedTimesStartAsRunsEnd()
      throws Exception {
    String skipping =
        create(
            "umbrella",
            "{\"name\": \"nightly\", \"workflowId\": \"w\", \"cron\": \"@daily\","
                + " \"overlap\": \"skip\"}");
    String buffering =
        create(
            "umbrella",
            "{\"name\": \"nightly, all kept\", \"workflowId\": \"w\", \"cron\": \"@daily\","
                + " \"overlap\": \"buffer-all\"}");
    String range = "{\"from\": \"2026-11-01T00:00:00Z\", \"to\": \"2026-11-03T12:00:00Z\"}";

    MvcTestResult skipped = post("umbrella", "/api/v1/schedules/" + skipping + "/backfill", range);
    assertThat(skipped).hasStatus(202);
    assertThat(skipped)
        .bodyJson()
        .extractingPath("$[*].outcome")
        .asArray()
        .containsExactly("started", "skipped", "skipped");
    MvcTestResult buffered =
        post("umbrella", "/api/v1/schedules/" + buffering + "/backfill", range);
    assertThat(buffered)
        .bodyJson()
        .extractingPath("$[*].outcome")
        .asArray()
        .containsExactly("started", "buffered", "buffered");
    // the same range again: every time fired already
    assertThat(post("umbrella", "/api/v1/schedules/" + buffering + "/backfill", range))
        .bodyJson()
        .extractingPath("$[*].outcome")
        .asArray()
        .containsOnly("fired-before");

    // each end of the running run starts the next buffered time, oldest first
    for (int ended = 1; ended <= 2; ended++) {
      String running = runOf(buffering, "started", ended);
      runEnds.ended(TenantId.of("umbrella"), running, "completed", Instant.now());
      assertThat(outcomes(buffering)).containsExactlyElementsOf(startedThenBuffered(ended + 1));
    }
    // and a manual fire while one runs is buffered too; skipped under skip
    assertThat(post("umbrella", "/api/v1/schedules/" + buffering + "/trigger", null))
        .bodyJson()
        .extractingPath("$.outcome")
        .isEqualTo("buffered");
    assertThat(post("umbrella", "/api/v1/schedules/" + skipping + "/trigger", null))
        .bodyJson()
        .extractingPath("$.outcome")
        .isEqualTo("skipped");
    assertThat(startRequests(buffering, 3)).hasSize(3);

    MvcTestResult bad =
        post(
            "umbrella",
            "/api/v1/schedules/" + skipping + "/backfill",
            "{\"from\": \"2020-01-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}");
    assertThat(bad).hasStatus(400);
    assertThat(bad).bodyJson().extractingPath("$.errors[0].field").isEqualTo("to");
    assertThat(post("piedpiper", "/api/v1/schedules/" + skipping + "/backfill", range))
        .hasStatus(404);
  }

  @Test
  void badSchedulesAreRefusedNamingTheFieldAndOtherTenantsSeeNothing() throws Exception {
    MvcTestResult bad =
        post(
            "hooli",
            "/api/v1/schedules",
            "{\"name\": \"x\", \"workflowId\": \"w\", \"cron\": \"61 * * * *\","
                + " \"timeZone\": \"Mars/Olympus\", \"jitter\": \"soon\"}");
    assertThat(bad).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(bad)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder("timeZone", "jitter");
    assertThat(
            post(
                "hooli",
                "/api/v1/schedules",
                "{\"name\": \"x\", \"workflowId\": \"w\", \"cron\": \"61 * * * *\"}"))
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("cron");
    assertThat(
            post(
                "hooli",
                "/api/v1/schedules",
                "{\"name\": \"x\", \"workflowId\": \"w\", \"cron\": \"@daily\", \"every\": \"PT1M\"}"))
        .hasStatus(400);

    String id =
        create(
            "hooli", "{\"name\": \"n\", \"workflowId\": \"w\", \"at\": \"2030-01-01T00:00:00Z\"}");
    assertThat(get("piedpiper", "/api/v1/schedules/" + id)).hasStatus(404);
    assertThat(post("piedpiper", "/api/v1/schedules/" + id + "/trigger", null)).hasStatus(404);
    assertThat(post("piedpiper", "/api/v1/schedules/" + id + "/pause", null)).hasStatus(404);
    assertThat(get("hooli", "/api/v1/schedules/" + id))
        .bodyJson()
        .extractingPath("$.nextFireTimes")
        .asArray()
        .containsExactly("2030-01-01T00:00:00Z");
  }

  private Void race() {
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < until) {
      firing.fireDue(10);
    }
    return null;
  }

  private List<String> outcomes(String id) {
    return jdbc.sql("SELECT outcome FROM schedule_fires WHERE schedule_id = :id ORDER BY fire_time")
        .param("id", id)
        .query(String.class)
        .list();
  }

  /** The run of the schedule's {@code n}th fire (by time) with the outcome. */
  private String runOf(String id, String outcome, int n) {
    return jdbc.sql(
            "SELECT run_id FROM schedule_fires WHERE schedule_id = :id AND outcome = :outcome"
                + " ORDER BY fire_time OFFSET :skip LIMIT 1")
        .param("id", id)
        .param("outcome", outcome)
        .param("skip", n - 1)
        .query(String.class)
        .single();
  }

  private static List<String> startedThenBuffered(int started) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outcomes.add(i < started ? "started" : "buffered");
    }
    return outcomes;
  }

  private long fires(String id) {
    return jdbc.sql("SELECT count(*) FROM schedule_fires WHERE schedule_id = :id")
        .param("id", id)
        .query(Long.class)
        .single();
  }

  private void pause(String tenant, String id) {
    assertThat(post(tenant, "/api/v1/schedules/" + id + "/pause", null)).hasStatusOk();
  }

  /** The start requests of the schedule on Kafka, read until {@code expected} came and 2 s more. */
  private List<RunStartRequested> startRequests(String scheduleId, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "schedules-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<RunStartRequested> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(Topics.RUN_START_REQUESTS));
      long quietUntil = Long.MAX_VALUE;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          RunStartRequested request =
              json.readValue(CloudEventRecords.read(r).data(), RunStartRequested.class);
          if (scheduleId.equals(request.triggerId())) {
            seen.add(request);
          }
        }
        if (seen.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return seen;
  }

  private String create(String tenant, String body) throws Exception {
    MvcTestResult created = post(tenant, "/api/v1/schedules", body);
    assertThat(created).hasStatus(201);
    return JsonPath.read(created.getResponse().getContentAsString(), "$.id");
  }

  private MvcTestResult post(String tenant, String uri, String body) {
    var request =
        mvc.post()
            .uri(uri)
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant);
    if (body != null) {
      request = request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return request.exchange();
  }

  private MvcTestResult get(String tenant, String uri) {
    return mvc.get()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .exchange();
  }
}
