package io.flowmesh.chaos;

import io.flowmesh.chaos.FaultSchedule.Fault;
import io.flowmesh.chaos.FaultSchedule.Kind;
import io.flowmesh.launcher.Platform;
import io.flowmesh.launcher.services.Service;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Injects faults into a running platform in two lanes side by side ({@link FaultSchedule#lanes}):
 * in each lane one after another, each undone (restarted) before the next, until the run's time is
 * up and every kind was injected once. A pause or a receiver outage does not hold the schedule up:
 * it lasts while the next faults come, so a paused service may also be killed.
 */
final class FaultInjector {

  /** How often a killed service is started before the harness gives up on it. */
  private static final int MAX_STARTS = 5;

  private final Platform platform;
  private final WebhookReceiver receiver;
  private final Consumer<String> log;
  private final List<String> injected = new CopyOnWriteArrayList<>();
  private final Map<Kind, Integer> counts = new ConcurrentHashMap<>();
  private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
  private final List<Thread> pauses = new CopyOnWriteArrayList<>();
  private final AtomicInteger startsAgain = new AtomicInteger();

  FaultInjector(Platform platform, WebhookReceiver receiver, Consumer<String> log) {
    this.platform = platform;
    this.receiver = receiver;
    this.log = log;
  }

  /**
   * Injects each lane's faults, the lanes side by side, until {@code until} (a {@link
   * System#nanoTime()}) and each lane's first round is done; returns when every fault is undone.
   */
  void run(List<FaultSchedule> lanes, long begin, long until) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (FaultSchedule lane : lanes) {
      threads.add(
          Thread.ofPlatform()
              .name("faults")
              .start(
                  () -> {
                    try {
                      runLane(lane, begin, until);
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("A fault could not be injected or undone", failures.get(0));
    }
    // pauses and an outage still under way end before the drain
    for (Thread pause : pauses) {
      pause.join();
    }
    while (receiver.failing()) {
      Gateway.sleep(200);
    }
  }

  private void runLane(FaultSchedule schedule, long begin, long until) {
    for (int i = 0; i < schedule.firstRoundSize() || System.nanoTime() < until; i++) {
      Fault fault = schedule.next();
      Gateway.sleep(fault.gap().toMillis());
      long start = System.nanoTime();
      inject(fault);
      counts.merge(fault.kind(), 1, Integer::sum);
      String line =
          String.format(
              Locale.ROOT,
              "t+%5.1f s  %s (the injection took %.1f s)",
              (start - begin) / 1e9,
              fault,
              (System.nanoTime() - start) / 1e9);
      injected.add(line);
      log.accept("fault: " + line);
    }
  }

  List<String> injected() {
    return List.copyOf(injected);
  }

  Map<Kind, Integer> counts() {
    return Map.copyOf(counts);
  }

  private void inject(Fault fault) {
    switch (fault.kind()) {
      case SERVICE_KILL -> {
        platform.kill(fault.service());
        Gateway.sleep(fault.length().toMillis());
        restartAsASupervisorWould(fault.service());
      }
      case KAFKA_KILL -> {
        platform.killKafka();
        Gateway.sleep(fault.length().toMillis());
        platform.restartKafka();
      }
      case POSTGRES_KILL -> {
        platform.killPostgres();
        Gateway.sleep(fault.length().toMillis());
        platform.restartPostgres();
      }
      case SERVICE_PAUSE -> {
        ProcessHandle paused =
            ProcessHandle.of(platform.pids().get(fault.service().module())).orElseThrow();
        signal("STOP", paused);
        pauses.add(
            Thread.ofVirtual()
                .name("sigcont")
                .start(
                    () -> {
                      Gateway.sleep(fault.length().toMillis());
                      signal("CONT", paused);
                    }));
      }
      case RECEIVER_OUTAGE -> receiver.failFor(fault.length());
    }
  }

  /**
   * Starts a killed service again, and again if it exits before it is ready, as Kubernetes restarts
   * a container that exits: a service that starts while PostgreSQL is down exits (its migrations
   * cannot connect), by design, rather than wait.
   */
  private void restartAsASupervisorWould(Service service) {
    for (int attempt = 1; ; attempt++) {
      try {
        platform.restart(service);
        return;
      } catch (IllegalStateException e) {
        if (attempt == MAX_STARTS) {
          throw e;
        }
        String reason = e.getMessage().lines().findFirst().orElse("");
        log.accept(service.module() + " did not start (" + reason + "); starting it again");
        startsAgain.incrementAndGet();
        Gateway.sleep(2_000);
      }
    }
  }

  /** Services that had to be started again because they exited while starting. */
  int startsAgain() {
    return startsAgain.get();
  }

  /** Sends a signal; none to a process that is gone (a paused service may be killed meanwhile). */
  private static void signal(String signal, ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0 && process.isAlive()) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run kill -" + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
