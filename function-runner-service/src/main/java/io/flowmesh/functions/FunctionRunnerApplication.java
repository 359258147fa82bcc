package io.flowmesh.functions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The function registry and function execution. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FunctionRunnerApplication {

  public static void main(String[] args) {
    SpringApplication.run(FunctionRunnerApplication.class, args);
  }
}
