package io.flowmesh.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

class ListenerContainersAutoConfigurationTest {

  private final ApplicationContextRunner contexts =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class, ListenerContainersAutoConfiguration.class));

  private static ContainerProperties containerProperties(ApplicationContext context) {
    var factory = context.getBean(ConcurrentKafkaListenerContainerFactory.class);
    return factory.createContainer("any-topic").getContainerProperties();
  }

  @Test
  void listenerContainersCommitAsynchronouslyEveryHundredMilliseconds() {
    contexts.run(
        context -> {
          ContainerProperties properties = containerProperties(context);
          assertThat(properties.isSyncCommits()).isFalse();
          assertThat(properties.getAckMode()).isEqualTo(AckMode.TIME);
          assertThat(properties.getAckTime()).isEqualTo(100);
        });
  }

  @Test
  void theIntervalWinsOverTheAckModeOfSpringBootsProperties() {
    contexts
        .withPropertyValues(
            "spring.kafka.listener.ack-mode=batch", "flowmesh.kafka.commit-interval=250ms")
        .run(
            context -> {
              assertThat(containerProperties(context).getAckMode()).isEqualTo(AckMode.TIME);
              assertThat(containerProperties(context).getAckTime()).isEqualTo(250);
            });
  }

  @Test
  void aZeroIntervalCommitsAfterEveryPoll() {
    contexts
        .withPropertyValues("flowmesh.kafka.commit-interval=0")
        .run(
            context ->
                assertThat(containerProperties(context).getAckMode()).isEqualTo(AckMode.BATCH));
  }

  @Test
  void synchronousCommitsCanBeRestored() {
    contexts
        .withPropertyValues("flowmesh.kafka.async-commits=false")
        .run(context -> assertThat(containerProperties(context).isSyncCommits()).isTrue());
  }

  @Test
  void consumerLoopsRunOnPlatformThreadsAlthoughTheServiceUsesVirtualThreads() {
    contexts
        .withPropertyValues("spring.threads.virtual.enabled=true")
        .run(context -> assertThat(pollsOnAVirtualThread(context)).isFalse());
  }

  @Test
  void virtualConsumerThreadsCanBeRestored() {
    contexts
        .withPropertyValues(
            "spring.threads.virtual.enabled=true", "flowmesh.kafka.virtual-listener-threads=true")
        .run(context -> assertThat(pollsOnAVirtualThread(context)).isTrue());
  }

  /** Runs a task on the executor a container's consumer loop would start on. */
  private static boolean pollsOnAVirtualThread(ApplicationContext context) throws Exception {
    AsyncTaskExecutor executor = containerProperties(context).getListenerTaskExecutor();
    assertThat(executor).as("the container's listener executor").isNotNull();
    return executor.submit(() -> Thread.currentThread().isVirtual()).get(10, TimeUnit.SECONDS);
  }
}
