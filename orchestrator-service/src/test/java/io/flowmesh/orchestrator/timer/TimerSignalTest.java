package io.flowmesh.orchestrator.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The poller's wake-up: a timer committed on this replica ends the poller's wait when it is due,
 * instead of leaving it to the next poll (an hour away in these tests, so a missed wake-up shows as
 * a poller still waiting), and only then.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerSignalTest {

  private static final long AN_HOUR = 3_600_000;
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final TimerSignal signal = new TimerSignal();

  @AfterEach
  void releaseAnyPoller() {
    signal.wakeNow(); // a failed test must not leave its poller waiting for an hour
  }

  @Test
  void aPollerKeepsWaitingWhileNothingIsDue() {
    FutureTask<Void> poller = startPoller();
    signal.due(Instant.now().plusMillis(AN_HOUR)); // wakes it, but is not due

    await("the poller still waiting")
        .during(Duration.ofMillis(300))
        .atMost(DEADLINE)
        .until(() -> !poller.isDone());

    signal.due(Instant.now());
    assertThat(poller).succeedsWithin(DEADLINE);
  }

  @Test
  void aTimerAlreadyDueEndsTheWaitAtOnce() throws InterruptedException {
    signal.due(Instant.now().minusSeconds(1));

    signal.awaitUntil(System.currentTimeMillis() + AN_HOUR);
  }

  @Test
  void aWaitingPollerIsWokenByACommittedTimerThatIsDue() {
    FutureTask<Void> poller = startPoller();

    signal.afterCommit(Instant.now()); // no transaction here: signals at once

    assertThat(poller).succeedsWithin(DEADLINE);
  }

  @Test
  void aLaterTimerDoesNotShortenTheWaitForAnEarlierOne() throws InterruptedException {
    signal.due(Instant.now().minusMillis(1));
    signal.due(Instant.now().plusMillis(AN_HOUR));

    signal.awaitUntil(System.currentTimeMillis() + AN_HOUR); // still woken by the earlier one
  }

  @Test
  void stoppingEndsAnyWait() throws InterruptedException {
    signal.wakeNow();

    signal.awaitUntil(System.currentTimeMillis() + AN_HOUR);
  }

  /**
   * Starts a poller waiting up to an hour and returns once it is inside {@code wait()}: blocked on
   * the signal, not merely not yet scheduled.
   */
  private FutureTask<Void> startPoller() {
    FutureTask<Void> poller =
        new FutureTask<>(
            () -> {
              signal.awaitUntil(System.currentTimeMillis() + AN_HOUR);
              return null;
            });
    Thread thread = Thread.ofPlatform().daemon().start(poller);
    await().atMost(DEADLINE).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
    return poller;
  }
}
