package io.flowmesh.chaos;

import io.flowmesh.launcher.services.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One lane of a chaos run's faults, drawn from its seed: every kind of the lane once, in a random
 * order, then kinds at random for as long as the run lasts. The same seed gives the same faults in
 * the same order with the same targets and timings, so a failing run can be replayed ({@code
 * -Dchaos.seed=}); what the platform does in between is not replayed, as it depends on the
 * machine's timing.
 */
final class FaultSchedule {

  enum Kind {
    /** SIGKILL of one service, down for a while, then started again. */
    SERVICE_KILL,
    /** SIGKILL of the Kafka broker, down for a while, then started again. */
    KAFKA_KILL,
    /** SIGKILL of the postmaster and its backends, down for a while, then crash recovery. */
    POSTGRES_KILL,
    /**
     * SIGSTOP of one service for longer than its consumer session timeout, then SIGCONT; the next
     * faults do not wait for it.
     */
    SERVICE_PAUSE,
    /** The webhook receiver answers 503 for a while. */
    RECEIVER_OUTAGE
  }

  /**
   * One fault.
   *
   * @param kind what it does
   * @param service the service it hits (kills and pauses), else null
   * @param gap how long to wait before it, after the previous fault was undone (or, for a pause or
   *     an outage, began)
   * @param length how long the part stays down (paused, failing)
   */
  record Fault(Kind kind, Service service, Duration gap, Duration length) {
    @Override
    public String toString() {
      return kind
          + (service != null ? " " + service.module() : "")
          + " for "
          + FaultInjector.seconds(length);
    }
  }

  /** The broker's and the database's faults: one lane, as they take turns in the launcher. */
  static final List<Kind> INFRASTRUCTURE = List.of(Kind.KAFKA_KILL, Kind.POSTGRES_KILL);

  /** The services' and the receiver's faults: a lane beside the infrastructure's. */
  static final List<Kind> SERVICES =
      List.of(Kind.SERVICE_KILL, Kind.SERVICE_PAUSE, Kind.RECEIVER_OUTAGE);

  private final Random random;
  private final Duration pause;
  private final List<Kind> kinds;
  private final List<Kind> firstRound;
  private int drawn;

  /**
   * @param seed the run's seed
   * @param pause how long a pause lasts (longer than the services' session timeout)
   * @param kinds the kinds this schedule draws from
   */
  FaultSchedule(long seed, Duration pause, List<Kind> kinds) {
    this.random = new Random(seed);
    this.pause = pause;
    this.kinds = List.copyOf(kinds);
    List<Kind> shuffled = new ArrayList<>(kinds);
    Collections.shuffle(shuffled, random);
    this.firstRound = shuffled;
  }

  /**
   * The run's two lanes, injected side by side: the infrastructure's and the services'. Together
   * their first rounds hit every kind; a run is as long as its slower lane's first round at least,
   * not as the sum of all.
   */
  static List<FaultSchedule> lanes(long seed, Duration pause) {
    return List.of(
        new FaultSchedule(seed, pause, INFRASTRUCTURE),
        new FaultSchedule(seed ^ 0x5DEECE66DL, pause, SERVICES));
  }

  /** How many faults make sure that every kind was injected once. */
  int firstRoundSize() {
    return firstRound.size();
  }

  Fault next() {
    Kind kind =
        drawn < firstRound.size() ? firstRound.get(drawn) : kinds.get(random.nextInt(kinds.size()));
    drawn++;
    Service service =
        kind == Kind.SERVICE_KILL || kind == Kind.SERVICE_PAUSE
            ? Service.values()[random.nextInt(Service.values().length)]
            : null;
    // the first fault of a lane comes once the load is in full swing (a steady state to disturb),
    // the rest of the first round at once (a short run must hit every kind), and the faults after
    // it with a steady state between them: back to back, the broker would be down most of the time
    long gapMillis =
        drawn == 1
            ? 5_000 + random.nextInt(1_200)
            : drawn <= firstRound.size()
                ? 300 + random.nextInt(1_200)
                : 5_000 + random.nextInt(10_000);
    Duration gap = Duration.ofMillis(gapMillis);
    Duration length =
        switch (kind) {
          case SERVICE_KILL, KAFKA_KILL, POSTGRES_KILL ->
              Duration.ofMillis(1_000 + random.nextInt(4_000));
          case SERVICE_PAUSE -> pause;
          case RECEIVER_OUTAGE -> Duration.ofMillis(5_000 + random.nextInt(10_000));
        };
    return new Fault(kind, service, gap, length);
  }
}
