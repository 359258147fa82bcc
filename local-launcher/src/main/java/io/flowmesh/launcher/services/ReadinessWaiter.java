package io.flowmesh.launcher.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waits until every service answers its readiness probe, failing fast when one exits and telling
 * which are still starting every few seconds.
 */
public final class ReadinessWaiter {

  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  private final ReadinessProbe probe = new ReadinessProbe();

  /**
   * @param services the services to wait for
   * @param startedAt {@link System#nanoTime()} when they were started
   * @param timeout how long to wait at most, from now
   * @param progress where progress lines go
   * @param cancelled true once the caller is shutting down
   * @return how long each took to become ready, in start order
   */
  public Map<Service, Duration> await(
      List<RunningService> services,
      long startedAt,
      Duration timeout,
      Consumer<String> progress,
      BooleanSupplier cancelled) {
    long start = startedAt;
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
    Map<Service, Duration> ready = new LinkedHashMap<>();
    List<RunningService> waiting = new ArrayList<>(services);
    while (!waiting.isEmpty()) {
      if (cancelled.getAsBoolean()) {
        throw new IllegalStateException("Stopped while waiting for services to become ready");
      }
      for (RunningService service : List.copyOf(waiting)) {
        if (!service.process().isAlive()) {
          throw new IllegalStateException(
              service.service().module()
                  + " exited with code "
                  + service.process().exitCode()
                  + " before it was ready; last lines of "
                  + service.process().log()
                  + ":\n"
                  + service.process().logTail(40));
        }
        if (probe.isReady(service.url())) {
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          ready.put(service.service(), took);
          waiting.remove(service);
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "%s ready on %s (%.1f s)",
                  service.service().module(),
                  service.url(),
                  took.toMillis() / 1000.0));
        }
      }
      long now = System.nanoTime();
      if (!waiting.isEmpty() && now > deadline) {
        throw new IllegalStateException(
            "Not ready after "
                + Duration.ofNanos(now - start).toSeconds()
                + " s: "
                + names(waiting)
                + "; see their logs");
      }
      if (!waiting.isEmpty() && now > nextReport) {
        progress.accept(
            "still starting: "
                + names(waiting)
                + " ("
                + Duration.ofNanos(now - start).toSeconds()
                + " s)");
        nextReport = now + REPORT_EVERY.toNanos();
      }
      if (!waiting.isEmpty()) {
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for services", e);
        }
      }
    }
    return ready;
  }

  private static String names(List<RunningService> services) {
    return String.join(", ", services.stream().map(s -> s.service().module()).toList());
  }
}
