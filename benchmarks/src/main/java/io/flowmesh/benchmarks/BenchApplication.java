package io.flowmesh.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A service as the outbox sees it: DataSource, Flyway with {@code classpath:db/outbox}, Kafka, the
 * outbox auto-configuration. Settings such as {@code -Dflowmesh.outbox.batch-size=...} pass through
 * as system properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class BenchApplication {

  static ConfigurableApplicationContext start(
      String jdbcUrl, String kafkaBootstrapServers, boolean relayEnabled) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("spring.application.name", "outbox-bench");
    settings.put("spring.main.banner-mode", "off");
    settings.put("spring.datasource.url", jdbcUrl);
    settings.put("spring.datasource.username", "postgres");
    settings.put("spring.datasource.password", "postgres");
    settings.put("spring.datasource.hikari.maximum-pool-size", "12");
    settings.put("spring.flyway.locations", "classpath:db/outbox");
    settings.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
    settings.put("spring.kafka.producer.properties.interceptor.classes", AckTimes.class.getName());
    settings.put("flowmesh.outbox.relay-enabled", Boolean.toString(relayEnabled));
    settings.put("logging.level.root", "WARN");
    return new SpringApplicationBuilder(BenchApplication.class)
        .web(WebApplicationType.NONE)
        .properties(settings)
        .run();
  }

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  RelayStartMarker relayStartMarker() {
    return new RelayStartMarker();
  }

  /** Starts immediately before the outbox relay (phase just below it) and notes the time. */
  static final class RelayStartMarker implements SmartLifecycle {

    private volatile long startedNanos;
    private volatile boolean running;

    @Override
    public void start() {
      startedNanos = System.nanoTime();
      running = true;
    }

    @Override
    public void stop() {
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return Integer.MAX_VALUE - 101;
    }

    long startedNanos() {
      return startedNanos;
    }
  }
}
