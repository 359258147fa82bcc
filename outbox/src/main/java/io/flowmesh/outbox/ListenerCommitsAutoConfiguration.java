package io.flowmesh.outbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Offset commits of every Flowmesh listener container are asynchronous.
 *
 * <p>Spring Kafka commits a poll's offsets after the listener returned, by default synchronously:
 * the consumer thread waits a broker round trip (the group coordinator writes the offsets to its
 * log) before it polls again, and that wait is on the path of every hop of every run. Every
 * Flowmesh consumer is idempotent (DESIGN.md, Messages), and offsets are still committed only for
 * polls the listener finished, so a commit that fails or is lost in a crash only redelivers records
 * the consumer absorbs. Spring Kafka retries nothing on an async failure and logs it; the next
 * poll's commit covers the same offsets. {@code flowmesh.kafka.async-commits=false} restores
 * synchronous commits; a service with its own {@link ContainerCustomizer} keeps its own.
 */
@AutoConfiguration
@ConditionalOnClass(ConcurrentMessageListenerContainer.class)
@ConditionalOnProperty(name = "flowmesh.kafka.async-commits", matchIfMissing = true)
public class ListenerCommitsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ContainerCustomizer.class)
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
      asyncOffsetCommits() {
    return container -> container.getContainerProperties().setSyncCommits(false);
  }
}
