package io.flowmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final Lifecycle lifecycle = new Lifecycle();
  private final List<String> closed = new CopyOnWriteArrayList<>();

  @Test
  void closesInReverseOrderOfStart() {
    lifecycle.register("PostgreSQL", () -> closed.add("PostgreSQL"));
    lifecycle.register("Kafka", () -> closed.add("Kafka"));
    lifecycle.register("services", () -> closed.add("services"));

    lifecycle.close(Duration.ofSeconds(1), message -> {});

    assertThat(closed).containsExactly("services", "Kafka", "PostgreSQL");
  }

  @Test
  void aFailingCloseDoesNotStopTheOthers() {
    lifecycle.register("PostgreSQL", () -> closed.add("PostgreSQL"));
    lifecycle.register(
        "Kafka",
        () -> {
          throw new IllegalStateException("boom");
        });
    List<String> messages = new CopyOnWriteArrayList<>();

    lifecycle.close(Duration.ofSeconds(1), messages::add);

    assertThat(closed).containsExactly("PostgreSQL");
    assertThat(messages).contains("could not stop Kafka: boom");
  }

  @Test
  void whatIsStartedAfterCloseBeganIsClosedAtOnce() {
    lifecycle.close(Duration.ofSeconds(1), message -> {});

    assertThatThrownBy(() -> lifecycle.register("Kafka", () -> closed.add("Kafka")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("Kafka");
    assertThatThrownBy(lifecycle::beginStart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeWaitsForAStartInFlightSoThatNothingIsLeftRunning() throws Exception {
    CountDownLatch starting = new CountDownLatch(1);
    Thread starter =
        new Thread(
            () -> {
              lifecycle.beginStart();
              try {
                starting.countDown();
                Thread.sleep(300); // e.g. PostgreSQL replaying its WAL
                lifecycle.register("PostgreSQL", () -> closed.add("PostgreSQL"));
              } catch (InterruptedException | IllegalStateException e) {
                // not expected here
              } finally {
                lifecycle.endStart();
              }
            });
    starter.start();
    assertThat(starting.await(5, TimeUnit.SECONDS)).isTrue();

    lifecycle.close(Duration.ofSeconds(5), message -> {});

    assertThat(closed).containsExactly("PostgreSQL");
    starter.join();
  }
}
