package io.flowmesh.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.flowmesh.events.testing.EventServiceApi;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.testinfra.TestInfrastructure;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Single events sent at the same time share one transaction (group commit), and each request is
 * still answered for its own events: its own stored ids, a duplicate of another request's event
 * named as one. A group forms here because the first request is held on a key another connection
 * has claimed but not committed, while five more requests queue behind it.
 */
@SpringBootTest(properties = "flowmesh.edge.gateway-token=" + GroupedIngestionIT.GATEWAY_TOKEN)
@AutoConfigureMockMvc
class GroupedIngestionIT {

  static final String GATEWAY_TOKEN = "test-gateway-token";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "events");
  }

  @Autowired MockMvcTester mvc;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired EventIngestion ingestion;
  @Autowired MeterRegistry meters;

  private final ExecutorService senders = Executors.newFixedThreadPool(6);

  @AfterEach
  void stopSenders() {
    senders.shutdownNow();
  }

  @Test
  void requestsThatArriveTogetherAreStoredInOneGroupAndAnsweredEachForItsOwnEvents()
      throws Exception {
    String tenant = "grouped-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      eventIds.add("evt-" + i + "-" + UUID.randomUUID());
    }
    DistributionSummary groupSizes = meters.get("flowmesh.events.ingest.group.size").summary();
    long groupsBefore = groupSizes.count();
    double requestsBefore = groupSizes.totalAmount();

    List<Future<String>> answers = new ArrayList<>();
    try (Connection holder = dataSource.getConnection()) {
      holder.setAutoCommit(false);
      claimKeyUncommitted(holder, tenant, eventIds.getFirst());
      answers.add(senders.submit(() -> send(tenant, eventIds.getFirst())));
      await().until(this::anInsertWaitsForALock);
      for (String eventId : eventIds.subList(1, 5)) {
        answers.add(senders.submit(() -> send(tenant, eventId)));
      }
      // the same event as the second request's, in the same group
      answers.add(senders.submit(() -> send(tenant, eventIds.get(1))));
      await().until(() -> ingestion.queuedRequests() == 5);
      holder.rollback();
    }

    List<String> bodies = new ArrayList<>();
    for (Future<String> answer : answers) {
      bodies.add(answer.get(30, TimeUnit.SECONDS));
    }
    for (int i = 0; i < 5; i++) {
      String storedId = JsonPath.read(bodies.get(i), "$.events[0].id");
      assertThat(storedEventId(tenant, storedId)).isEqualTo(eventIds.get(i));
    }
    for (int i : List.of(0, 2, 3, 4)) {
      assertThat(JsonPath.<Boolean>read(bodies.get(i), "$.events[0].duplicate")).isFalse();
    }
    // the second and the sixth request sent one event: whichever queued first stored it, and the
    // other is answered with that one's id as a duplicate
    assertThat(JsonPath.<String>read(bodies.get(5), "$.events[0].id"))
        .isEqualTo(JsonPath.read(bodies.get(1), "$.events[0].id"));
    assertThat(
            List.of(
                JsonPath.<Boolean>read(bodies.get(1), "$.events[0].duplicate"),
                JsonPath.<Boolean>read(bodies.get(5), "$.events[0].duplicate")))
        .containsExactlyInAnyOrder(true, false);
    assertThat(
            jdbc.sql("SELECT count(*) FROM events WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single())
        .isEqualTo(5);
    assertThat(groupSizes.count() - groupsBefore).isEqualTo(2);
    assertThat(groupSizes.totalAmount() - requestsBefore).isEqualTo(6);
  }

  private String send(String tenant, String eventId) {
    MvcTestResult sent =
        mvc.post()
            .uri("/api/v1/events")
            .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
            .header(InternalHeaders.TENANT, tenant)
            .contentType(CloudEventsHttp.STRUCTURED)
            .content(
                """
                {"specversion": "1.0", "id": "%s", "source": "/grouped", "type": "com.acme.grouped",
                 "data": {"n": 1}}
                """
                    .formatted(eventId))
            .exchange();
    assertThat(sent).hasStatus(202);
    return EventServiceApi.body(sent);
  }

  private static void claimKeyUncommitted(Connection holder, String tenant, String eventId)
      throws Exception {
    try (PreparedStatement claim =
        holder.prepareStatement(
            "INSERT INTO event_keys (tenant, source, event_id, id, received_at)"
                + " VALUES (?, '/grouped', ?, 'evt_held', now())")) {
      claim.setString(1, tenant);
      claim.setString(2, eventId);
      claim.executeUpdate();
    }
  }

  private boolean anInsertWaitsForALock() {
    return jdbc.sql(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO event_keys%'")
            .query(Long.class)
            .single()
        > 0;
  }

  private String storedEventId(String tenant, String storedId) {
    return jdbc.sql("SELECT event_id FROM events WHERE tenant = ? AND id = ?")
        .param(tenant)
        .param(storedId)
        .query(String.class)
        .single();
  }
}
