package io.flowmesh.orchestrator.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The poller's wake-up: a timer committed on this replica ends the poller's wait when it is due,
 * instead of leaving it to the next poll (an hour away in these tests, so a missed wake-up shows as
 * a test that hangs until its timeout).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerSignalTest {

  private static final long AN_HOUR = 3_600_000;

  private final TimerSignal signal = new TimerSignal();

  @Test
  void aTimerAlreadyDueEndsTheWaitAtOnce() throws InterruptedException {
    signal.due(Instant.now().minusSeconds(1));

    signal.awaitUntil(System.currentTimeMillis() + AN_HOUR);
  }

  @Test
  void aWaitingPollerIsWokenByACommittedTimerThatIsDue() throws InterruptedException {
    CountDownLatch waiting = new CountDownLatch(1);
    Thread poller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    waiting.countDown();
                    signal.awaitUntil(System.currentTimeMillis() + AN_HOUR);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    waiting.await();

    signal.afterCommit(Instant.now()); // no transaction here: signals at once

    poller.join();
    assertThat(poller.isAlive()).isFalse();
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
}
