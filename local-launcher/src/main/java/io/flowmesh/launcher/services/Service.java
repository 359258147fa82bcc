package io.flowmesh.launcher.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The six Flowmesh services, their modules and default ports (CONVENTIONS-internal.md). */
public enum Service {
  GATEWAY("gateway-service", 8080, null),
  ORCHESTRATOR("orchestrator-service", 8081, "ORCHESTRATOR"),
  FUNCTION_RUNNER("function-runner-service", 8082, "FUNCTION_RUNNER"),
  EVENT("event-service", 8083, "EVENT"),
  INTEGRATION("integration-service", 8084, "INTEGRATION"),
  WEBHOOK("webhook-service", 8085, "WEBHOOK");

  private final String module;
  private final int defaultPort;
  private final String routeName;

  Service(String module, int defaultPort, String routeName) {
    this.module = module;
    this.defaultPort = defaultPort;
    this.routeName = routeName;
  }

  /** Maven module name, also the process name in logs and pid files. */
  public String module() {
    return module;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /**
   * The {@code <NAME>} in the gateway's {@code FLOWMESH_SERVICES_<NAME>_URL}; empty for the gateway
   * itself.
   */
  public Optional<String> routeName() {
    return Optional.ofNullable(routeName);
  }

  /** {@code <module>/target/<module>-<version>-exec.jar}, the newest if several versions exist. */
  public Optional<Path> execJar(Path repositoryRoot) {
    Path target = repositoryRoot.resolve(module).resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(module + "-"))
          .filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
          .max(Comparator.comparing(Service::lastModified));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + target, e);
    }
  }

  private static long lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
