package io.flowmesh.outbox;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * How every Flowmesh listener container commits its offsets: asynchronously, and at most every
 * {@code flowmesh.kafka.commit-interval} (default 100 ms).
 *
 * <p>Spring Kafka's default commits a poll's offsets after the listener returned, synchronously:
 * the consumer thread waits a broker round trip (the group coordinator writes the offsets to its
 * log) before it polls again, and that wait is on the path of every hop of every run. And it
 * commits after every poll: at a few hundred polls a second per consumer, offset commits were a
 * sixth of the broker's CPU (docs/benchmarks.md, "CPU per run"). Every Flowmesh consumer is
 * idempotent (DESIGN.md, Messages), and offsets are still committed only for polls the listener
 * finished, so a commit that fails, comes later or is lost in a crash only redelivers records the
 * consumer absorbs: after a crash, at most one interval's worth more than with a commit per poll.
 * Spring Kafka also commits what is pending when partitions are revoked and when the container
 * stops.
 *
 * <p>{@code flowmesh.kafka.commit-interval=0} commits after every poll ({@code BATCH}); {@code
 * flowmesh.kafka.async-commits=false} makes the commits synchronous. A service with its own {@link
 * ContainerCustomizer} keeps its own.
 */
@AutoConfiguration
@ConditionalOnClass(ConcurrentMessageListenerContainer.class)
@EnableConfigurationProperties(ListenerCommitProperties.class)
public class ListenerCommitsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ContainerCustomizer.class)
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
      offsetCommits(ListenerCommitProperties commits) {
    return container -> configure(container.getContainerProperties(), commits);
  }

  private static void configure(ContainerProperties properties, ListenerCommitProperties commits) {
    properties.setSyncCommits(!commits.asyncCommits());
    Duration interval = commits.commitInterval();
    if (interval.isZero()) {
      properties.setAckMode(AckMode.BATCH);
    } else {
      properties.setAckMode(AckMode.TIME);
      properties.setAckTime(interval.toMillis());
    }
  }
}
