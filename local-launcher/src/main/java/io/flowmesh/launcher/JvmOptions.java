package io.flowmesh.launcher;

import java.util.List;

/**
 * JVM options for the child processes: small heaps, serial GC and C1 only, so that seven JVMs start
 * fast on two cores and fit, with PostgreSQL, in 3 GB (figures in docs/adr/0003-local-launcher.md).
 * C1 only costs peak throughput: benchmarks pass their own options. Class data sharing archives
 * come on top (see {@code PlatformBuilder#classDataSharing}).
 */
public final class JvmOptions {

  /** Defaults for each service. */
  public static final List<String> SERVICE =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Xss512k",
          "-Xms32m",
          "-Xmx256m",
          "-XX:ReservedCodeCacheSize=64m",
          "-XX:+ExitOnOutOfMemoryError");

  /** Defaults for the Kafka broker. */
  public static final List<String> KAFKA =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Xss512k",
          "-Xms64m",
          "-Xmx256m",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.awt.headless=true",
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

  private JvmOptions() {}

  /** Options from a space-separated string, e.g. an environment variable. */
  public static List<String> parse(String options) {
    return options == null || options.isBlank()
        ? List.of()
        : List.of(options.strip().split("\\s+"));
  }
}
