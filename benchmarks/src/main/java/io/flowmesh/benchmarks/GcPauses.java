package io.flowmesh.benchmarks;

import io.flowmesh.launcher.Platform;
import io.flowmesh.launcher.services.Service;
import java.net.http.HttpClient;
import java.util.EnumMap;
import java.util.Map;

/**
 * The services' stop-the-world garbage collection pauses during a phase, from Micrometer's {@code
 * jvm.gc.pause} timer on each service's Prometheus endpoint: a pause stops every request the
 * service holds, so a long one shows up as a second of slow runs.
 */
final class GcPauses {

  private static final String METER = "jvm_gc_pause_seconds";

  /**
   * Micrometer's tag for a full collection (the serial and parallel collectors' old generation).
   */
  private static final String MAJOR = "action=\"end of major GC\"";

  /** Pauses and their total time so far, per service. */
  record Snapshot(Map<Service, Pauses> services) {}

  record Pauses(double count, double seconds, double major) {}

  private GcPauses() {}

  static Snapshot snapshot(HttpClient http, Platform platform) throws Exception {
    Map<Service, Pauses> services = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      Prometheus metrics = Prometheus.scrape(http, platform.serviceUrl(service));
      services.put(
          service,
          new Pauses(
              metrics.sum(METER + "_count"),
              metrics.sum(METER + "_sum"),
              metrics.sum(METER + "_count", MAJOR)));
    }
    return new Snapshot(services);
  }

  /**
   * One line per service that paused. The longest pause is Micrometer's decaying maximum: the
   * longest of roughly the last two minutes, which may reach back before the phase.
   */
  static void print(HttpClient http, Platform platform, Snapshot before) throws Exception {
    for (Service service : Service.values()) {
      Prometheus metrics = Prometheus.scrape(http, platform.serviceUrl(service));
      Pauses was = before.services().get(service);
      double count = metrics.sum(METER + "_count") - was.count();
      if (count > 0) {
        System.out.printf(
            "  gc pauses       : %s %.0f (%.0f full), %.0f ms in all, longest of the last 2 min %.0f"
                + " ms%n",
            service.module(),
            count,
            metrics.sum(METER + "_count", MAJOR) - was.major(),
            1000 * (metrics.sum(METER + "_sum") - was.seconds()),
            1000 * metrics.max(METER + "_max"));
      }
    }
  }
}
