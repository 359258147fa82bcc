package io.flowmesh.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.chaos.FaultSchedule.Kind;
import io.flowmesh.launcher.JvmOptions;
import io.flowmesh.launcher.Platform;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos harness (ADR 0056): the whole platform, started by the launcher with its own PostgreSQL
 * and Kafka, under a mixed load through the gateway while services, the broker, the database and
 * the webhook receiver fail at random from a printed seed; then every promise of
 * docs/reliability.md that a user would notice is checked, and a report printed. CI runs it for
 * {@code chaos.duration} (30 s, and as long as it takes to inject every fault kind once); {@code
 * -Dchaos.duration=PT10M} runs it longer, {@code -Dchaos.seed=} replays a run's faults.
 */
class ChaosIT {

  @Test
  @Timeout(value = 3, unit = TimeUnit.HOURS) // bounded by chaos.duration and the drain
  void everyAcceptedRunEventAndDeliverySurvivesRandomCrashesOfEveryPart() throws Exception {
    ChaosSettings settings = ChaosSettings.fromSystemProperties();
    log(
        String.format(
            Locale.ROOT,
            "chaos seed %d (replay with -Dchaos.seed=%d), load for %s, pauses of %s",
            settings.seed(),
            settings.seed(),
            FaultInjector.seconds(settings.duration()),
            FaultInjector.seconds(settings.pause())));
    long wallBegin = System.nanoTime();
    try (CountingServer counting = CountingServer.start();
        WebhookReceiver receiver = WebhookReceiver.start();
        Platform platform = start(settings)) {
      Gateway gateway = new Gateway(platform.gatewayUrl(), platform.apiKey());
      Load load = new Load(gateway, settings.seed());
      receiver.secret(load.prepare(counting.url(), receiver.url()));

      long begin = System.nanoTime();
      long until = begin + settings.duration().toNanos();
      AtomicBoolean faultsOver = new AtomicBoolean();
      AtomicBoolean loadOver = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int client = 0; client < 3; client++) {
        int id = client;
        clients.add(
            Thread.ofVirtual()
                .name("load-" + id)
                .start(() -> load.drive(id, () -> faultsOver.get() && System.nanoTime() > until)));
      }
      FaultInjector faults = new FaultInjector(platform, receiver, ChaosIT::log);
      // approvals go on through the faults and the drain, until the checks are done
      Thread approver =
          Thread.ofVirtual().name("approver").start(() -> load.approve(loadOver::get));
      try {
        faults.run(FaultSchedule.lanes(settings.seed(), settings.pause()), begin, until);
      } finally {
        faultsOver.set(true);
      }
      for (Thread client : clients) {
        client.join();
      }
      loadOver.set(true);
      log(
          String.format(
              Locale.ROOT,
              "load over after %.1f s: %d runs accepted; checking",
              (System.nanoTime() - begin) / 1e9,
              load.accepted().size()));

      Invariants invariants =
          new Invariants(
              gateway, new Database(platform.postgres()), counting, receiver, ChaosIT::log);
      // the drain's time counts from now: the faults may have outlasted the load
      invariants.check(load.accepted(), System.nanoTime() + settings.drainTimeout().toNanos());
      approver.interrupt();
      approver.join(Duration.ofSeconds(30));
      invariants.figures().put("starts given up after 40 s of outage", load.startsGivenUp());
      invariants.figures().put("starts refused (4xx)", load.startsRefused());
      invariants
          .figures()
          .put("services started again after exiting while starting", faults.startsAgain());
      load.figures().forEach(invariants.figures()::put);

      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              Locale.ROOT,
              "%n=== chaos report: seed %d, load %s, platform start %s, wall %s ===%n",
              settings.seed(),
              FaultInjector.seconds(settings.duration()),
              FaultInjector.seconds(platform.startupTime()),
              FaultInjector.seconds(Duration.ofNanos(System.nanoTime() - wallBegin))));
      report.append("faults injected:\n");
      faults.injected().forEach(line -> report.append("  ").append(line).append('\n'));
      report.append("invariants:\n").append(invariants.report());
      System.out.println(report);

      assertThat(faults.counts().keySet())
          .as("seed %d: every fault kind injected", settings.seed())
          .containsExactlyInAnyOrder(Kind.values());
      assertThat(load.accepted())
          .as("seed %d: the load got runs accepted", settings.seed())
          .hasSizeGreaterThan(10);
      assertThat(invariants.violations())
          .as(
              "seed %d (replay with -Dchaos.seed=%d):%n%s",
              settings.seed(), settings.seed(), report)
          .isEmpty();
    }
  }

  private static Platform start(ChaosSettings settings) {
    Path root = Path.of(System.getProperty("flowmesh.repository-root", "..")).toAbsolutePath();
    String sessionTimeout = Long.toString(settings.kafkaSessionTimeout().toMillis());
    return Platform.builder()
        .repositoryRoot(root)
        .temporaryWorkspace("flowmesh-chaos")
        // each start has a new workspace, so archives would only be written (at exit) and lost
        .classDataSharing(false)
        .embeddedPostgres(freePort())
        .embeddedKafka(freePort(), freePort())
        // the broker's 256 MB ran out once while it started on a busy machine
        .kafkaJvmOptions(
            JvmOptions.KAFKA.stream()
                .map(option -> option.startsWith("-Xmx") ? "-Xmx512m" : option)
                .toList())
        .freeServicePorts()
        // a paused service is evicted from its groups after this, not after the 45 s default
        .environment("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", sessionTimeout)
        .environment("SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "2000")
        // a receiver failing for up to 15 s is retried through, not dead-lettered after 5 min
        .environment(
            "FLOWMESH_WEBHOOKS_DELIVERY_RETRYSCHEDULE",
            "0s,1s,2s,2s,3s,3s,3s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s")
        .readinessTimeout(Duration.ofMinutes(4))
        .progress(ChaosIT::log)
        .start();
  }

  private static void log(String line) {
    System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
