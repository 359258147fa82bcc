package io.flowmesh.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.testinfra.TestInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code kafka} readiness contributor against a real broker and against none. */
class KafkaHealthIT {

  private final ApplicationContextRunner service =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class,
                  KafkaHealthAutoConfiguration.class,
                  HealthContributorRegistryAutoConfiguration.class));

  @Test
  void upWhenTheBrokerAnswers() {
    service
        .withPropertyValues(
            "spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers())
        .run(
            context -> {
              Health health = kafka(context).health();

              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsKeys("clusterId", "nodes");
              // The same client serves the next probe.
              assertThat(kafka(context).health().getStatus()).isEqualTo(Status.UP);
            });
  }

  @Test
  void downWithinTheTimeoutWhenNoBrokerListens() throws IOException {
    service
        .withPropertyValues(
            "spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort(),
            "flowmesh.health.kafka.timeout=1s")
        .run(
            context -> {
              for (int check = 1; check <= 2; check++) {
                long started = System.nanoTime();
                Health health = kafka(context).health();
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(health.getStatus()).as("check %d", check).isEqualTo(Status.DOWN);
                // A readiness probe gives up after 2 s; Kafka's own default would wait 60 s.
                assertThat(took).as("check %d", check).isLessThan(Duration.ofSeconds(3));
              }
            });
  }

  @Test
  void absentWithoutKafka() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                KafkaHealthAutoConfiguration.class,
                HealthContributorRegistryAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(KafkaHealthIndicator.class);
              assertThat(context.getBean(HealthContributorRegistry.class).getContributor("kafka"))
                  .isNull();
            });
  }

  @Test
  void stepsAsideForTheServicesOwnKafkaContributor() {
    HealthIndicator own = () -> Health.up().withDetail("own", true).build();
    service
        .withBean("kafka", HealthIndicator.class, () -> own)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class);
              assertThat(kafka(context)).isSameAs(own);
            });
  }

  @Test
  void canBeSwitchedOff() {
    service
        .withPropertyValues("management.health.kafka.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
  }

  /** The contributor as the health endpoint and its readiness group look it up. */
  private static HealthIndicator kafka(AssertableApplicationContext context) {
    assertThat(context).hasNotFailed();
    return (HealthIndicator)
        context.getBean(HealthContributorRegistry.class).getContributor("kafka");
  }

  /** A port on 127.0.0.1 that nothing listens on: bound once, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
