package io.flowmesh.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

class ListenerCommitsAutoConfigurationTest {

  private final ApplicationContextRunner contexts =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class, ListenerCommitsAutoConfiguration.class));

  private static boolean syncCommits(org.springframework.context.ApplicationContext context) {
    var factory = context.getBean(ConcurrentKafkaListenerContainerFactory.class);
    return factory.createContainer("any-topic").getContainerProperties().isSyncCommits();
  }

  @Test
  void listenerContainersCommitOffsetsAsynchronously() {
    contexts.run(context -> assertThat(syncCommits(context)).isFalse());
  }

  @Test
  void synchronousCommitsCanBeRestored() {
    contexts
        .withPropertyValues("flowmesh.kafka.async-commits=false")
        .run(context -> assertThat(syncCommits(context)).isTrue());
  }
}
