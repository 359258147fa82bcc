package io.flowmesh.events;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Event types with their schemas, and (later) event ingestion, triggers and the event store. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EventServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(EventServiceApplication.class, args);
  }
}
