package io.flowmesh.events;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Events in (CloudEvents over HTTP), the event store with its retention, and the catalogue of event
 * types with their schemas.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EventServiceApplication {

  /** The clock of partition maintenance (and, later, schedules); tests replace it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  public static void main(String[] args) {
    SpringApplication.run(EventServiceApplication.class, args);
  }
}
