package io.flowmesh.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.events.EventServiceApplication;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.testinfra.ServiceProcess;
import io.flowmesh.testinfra.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rollout's stop under load: event-service, in a JVM of its own, takes single events from four
 * clients when it is sent SIGTERM. Every request it answered 202 is stored; none got a 5xx; the
 * ones it did not take failed to connect (a client retries those); and the process exits by itself
 * within its shutdown grace, having finished what it had begun.
 */
class GracefulShutdownIT {

  private static final String TOKEN = "shutdown-token";
  private static final String TENANT = "rollout";
  private static final int CLIENTS = 4;

  private final String database = TestInfrastructure.newDatabase("graceful_shutdown");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
  private ServiceProcess service;

  @AfterEach
  void stop() {
    clients.shutdownNow();
    if (service != null) {
      service.close();
    }
  }

  @Test
  void everyEventAnsweredAcceptedIsStoredWhenTheServiceIsStoppedUnderLoad() throws Exception {
    service =
        ServiceProcess.start(
            EventServiceApplication.class,
            database,
            "graceful-shutdown",
            List.of(
                "--flowmesh.edge.gateway-token=" + TOKEN,
                "--flowmesh.events.consumer-group=graceful-shutdown-it"));
    Set<String> accepted = Collections.synchronizedSet(new HashSet<>());
    List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger notTaken = new AtomicInteger();
    for (int i = 0; i < CLIENTS; i++) {
      clients.submit(() -> sendUntilRefused(accepted, serverErrors, notTaken));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 200);

    service.process().destroy(); // SIGTERM, as Kubernetes stops a pod

    assertThat(service.process().waitFor(60, TimeUnit.SECONDS))
        .as("the service stops by itself within its grace")
        .isTrue();
    clients.shutdown();
    assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(serverErrors).as("answers of 5xx while stopping").isEmpty();
    assertThat(notTaken.get()).as("requests refused once it stopped listening").isPositive();
    assertThat(storedEventIds()).containsAll(accepted);
  }

  /** Sends single events until the service refuses connections for a second in a row. */
  private void sendUntilRefused(
      Set<String> accepted, List<String> serverErrors, AtomicInteger notTaken) {
    int refusedInARow = 0;
    while (refusedInARow < 5 && !Thread.currentThread().isInterrupted()) {
      String eventId = UUID.randomUUID().toString();
      try {
        HttpResponse<String> answer =
            http.send(request(eventId), HttpResponse.BodyHandlers.ofString());
        refusedInARow = 0;
        if (answer.statusCode() == 202) {
          accepted.add(eventId);
        } else if (answer.statusCode() >= 500) {
          serverErrors.add(answer.statusCode() + " " + answer.body());
        }
      } catch (IOException notTakenByTheService) {
        notTaken.incrementAndGet();
        refusedInARow++;
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private HttpRequest request(String eventId) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + service.port() + "/api/v1/events"))
        .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
        .header(InternalHeaders.TENANT, TENANT)
        .header("content-type", "application/cloudevents+json")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"specversion\": \"1.0\", \"id\": \""
                    + eventId
                    + "\", \"source\": \"/rollout\", \"type\": \"com.acme.rollout\","
                    + " \"data\": {}}"))
        .build();
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Set<String> storedEventIds() throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection connection =
            DriverManager.getConnection(
                database + (database.contains("?") ? "&" : "?") + "currentSchema=events",
                TestInfrastructure.postgres().username(),
                TestInfrastructure.postgres().password());
        PreparedStatement query =
            connection.prepareStatement("SELECT event_id FROM events WHERE tenant = ?")) {
      query.setString(1, TENANT);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }
}
