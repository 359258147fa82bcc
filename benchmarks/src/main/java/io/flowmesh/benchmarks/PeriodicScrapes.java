package io.flowmesh.benchmarks;

import io.flowmesh.launcher.Platform;
import io.flowmesh.launcher.services.Service;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Reads every service's Prometheus page at a fixed interval for as long as the benchmark runs, as
 * the Prometheus server of a deployment does ({@code prometheus.io/scrape} on every pod in {@code
 * k8s/}). Without it the only scrapes are the ones the phases take at their start ({@link
 * GcPauses}): code that ran twice in an hour, still interpreted, whose compilations then fall into
 * the first seconds of the phase. With one core taken by a busy loop, a steady phase so begun had a
 * p99 of 313 ms, all of its slow runs in its first four seconds (docs/benchmarks-archive.md, h2).
 * With scrapes as in production their cost is part of every phase, as it is in a deployment, and
 * their code is compiled during the warm-up.
 */
final class PeriodicScrapes implements AutoCloseable {

  private final Thread scraper;

  private PeriodicScrapes(Thread scraper) {
    this.scraper = scraper;
  }

  static PeriodicScrapes every(Duration interval, Platform platform) {
    HttpClient http = HttpClient.newHttpClient();
    Runnable loop =
        () -> {
          try {
            while (!Thread.currentThread().isInterrupted()) {
              scrapeAll(http, platform);
              Thread.sleep(interval); // a scrape interval, not synchronisation
            }
          } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
          }
        };
    return new PeriodicScrapes(Thread.ofPlatform().name("prometheus-scrapes").daemon().start(loop));
  }

  private static void scrapeAll(HttpClient http, Platform platform) throws InterruptedException {
    for (Service service : Service.values()) {
      try {
        Prometheus.scrape(http, platform.serviceUrl(service));
      } catch (InterruptedException stopped) {
        throw stopped;
      } catch (Exception missed) {
        // Prometheus shrugs off a missed scrape too; the phases' own scrapes still fail loudly
        System.out.println("scrape missed     : " + service.module() + ": " + missed.getMessage());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    scraper.interrupt();
    scraper.join(Duration.ofSeconds(10));
  }
}
