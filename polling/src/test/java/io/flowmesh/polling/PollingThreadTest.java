package io.flowmesh.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PollingThreadTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Test
  void theBackOffDoublesWithEveryFailureInARowAndStartsOverAfterASuccess() {
    // fail, fail, succeed, fail, then idle
    List<Boolean> outcomes = List.of(false, false, true, false);
    Recorder rounds =
        new Recorder() {
          @Override
          public PollingThread.Wait run() {
            int round = this.round.getAndIncrement();
            if (round < outcomes.size() && !outcomes.get(round)) {
              throw new IllegalStateException("round " + round);
            }
            return round < outcomes.size() ? PollingThread.Wait.NONE : this::idle;
          }
        };
    PollingThread thread = rounds.thread(Duration.ofMillis(5), DEADLINE);

    thread.start();
    await().atMost(DEADLINE).until(() -> rounds.round.get() > outcomes.size());
    thread.stop();

    assertThat(rounds.backOffs).containsExactly(5L, 10L, 5L);
    assertThat(rounds.failures).hasSize(3);
    assertThat(rounds.stopped).isEqualTo(1);
  }

  @Test
  void aStopEndsTheWaitAndRunsTheLastPieceOfWork() {
    Recorder rounds =
        new Recorder() {
          @Override
          public PollingThread.Wait run() {
            round.incrementAndGet();
            return this::idle;
          }
        };
    PollingThread thread = rounds.thread(Duration.ofMillis(5), DEADLINE);
    thread.start();
    await().atMost(DEADLINE).until(() -> rounds.round.get() == 1);
    assertThat(thread.isRunning()).isTrue();

    thread.stop();

    assertThat(thread.isRunning()).isFalse();
    assertThat(rounds.stopped).isEqualTo(1);
    assertThat(rounds.round).hasValue(1);
  }

  @Test
  void aWaitThatOutlastsTheGraceIsInterruptedAndNothingRunsAfterIt() {
    CountDownLatch waiting = new CountDownLatch(1);
    Recorder rounds =
        new Recorder() {
          @Override
          public PollingThread.Wait run() {
            return () -> {
              waiting.countDown();
              Thread.sleep(Duration.ofHours(1)); // deaf to wakeNow()
            };
          }
        };
    PollingThread thread = rounds.thread(Duration.ofMillis(5), Duration.ofMillis(100));
    thread.start();
    await().atMost(DEADLINE).until(() -> waiting.getCount() == 0);

    thread.stop(); // returns after the grace and the interrupt, not in an hour

    assertThat(rounds.failures).isEmpty();
    assertThat(rounds.stopped).isZero();
  }

  /** Rounds that record what the thread asked of them; a wait lasts until woken. */
  private abstract static class Recorder implements PollingThread.Rounds {

    final AtomicInteger round = new AtomicInteger();
    final List<Long> backOffs = new CopyOnWriteArrayList<>();
    final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    volatile int stopped;
    private boolean woken;

    PollingThread thread(Duration backOffBase, Duration stopGrace) {
      return new PollingThread("test-poller", this, backOffBase, stopGrace);
    }

    synchronized void idle() throws InterruptedException {
      while (!woken) {
        wait();
      }
    }

    @Override
    public void backOff(long millis) {
      backOffs.add(millis);
    }

    @Override
    public synchronized void wakeNow() {
      woken = true;
      notifyAll();
    }

    @Override
    public void failed(RuntimeException e) {
      failures.add(e);
    }

    @Override
    public void stopped() {
      stopped++;
    }
  }
}
