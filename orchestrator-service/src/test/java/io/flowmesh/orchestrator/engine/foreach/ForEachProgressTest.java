package io.flowmesh.orchestrator.engine.foreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.testinfra.TestSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TestSeed.class)
class ForEachProgressTest {

  @Test
  void startsNoMoreThanTheConcurrencyLowestIndexFirst() {
    ForEachProgress progress = ForEachProgress.start(5, 2);

    assertThat(progress.dispatch()).containsExactly(0, 1);
    assertThat(progress.dispatch()).isEmpty();
    assertThat(progress.inFlight()).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void itemsCompletedByAnEarlierAttemptAreSkippedWhereverTheyAre() {
    ForEachProgress progress = ForEachProgress.restore(5, 2, Map.of(0, "a", 2, "c"), Set.of());

    assertThat(progress.dispatch()).containsExactly(1, 3);
    assertThat(progress.completed(3, "d")).isTrue();
    assertThat(progress.dispatch()).containsExactly(4);
    progress.completed(1, "b");
    progress.completed(4, "e");
    assertThat(progress.done()).isTrue();
    assertThat(progress.outputsInOrder()).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void eachResultFreesOneSlotForTheNextItem() {
    ForEachProgress progress = ForEachProgress.start(5, 2);
    progress.dispatch();

    assertThat(progress.completed(1, "b")).isTrue();
    assertThat(progress.dispatch()).containsExactly(2);
    assertThat(progress.completed(0, "a")).isTrue();
    assertThat(progress.dispatch()).containsExactly(3);
    assertThat(progress.inFlight()).containsExactlyInAnyOrder(2, 3);
  }

  @Test
  void fewerItemsThanTheConcurrencyAllStartAtOnce() {
    ForEachProgress progress = ForEachProgress.start(3, 10);

    assertThat(progress.dispatch()).containsExactly(0, 1, 2);
    assertThat(progress.dispatch()).isEmpty();
  }

  @Test
  void outputsComeInItemOrderWhateverOrderResultsArriveIn() {
    ForEachProgress progress = ForEachProgress.start(3, 3);
    progress.dispatch();
    progress.completed(2, "c");
    progress.completed(0, "a");
    assertThat(progress.done()).isFalse();

    progress.completed(1, "b");

    assertThat(progress.done()).isTrue();
    assertThat(progress.outputsInOrder()).containsExactly("a", "b", "c");
  }

  @Test
  void aRedeliveredOrUnknownResultChangesNothing() {
    ForEachProgress progress = ForEachProgress.start(3, 1);
    progress.dispatch();
    assertThat(progress.completed(0, "a")).isTrue();

    assertThat(progress.completed(0, "again")).isFalse();
    assertThat(progress.completed(2, "not started")).isFalse();
    assertThat(progress.completed(7, "no such item")).isFalse();
    assertThat(progress.dispatch()).containsExactly(1);
    assertThat(progress.completed(1, "b")).isTrue();
    progress.dispatch();
    progress.completed(2, "c");
    assertThat(progress.outputsInOrder()).containsExactly("a", "b", "c");
  }

  @Test
  void nullOutputsKeepTheirPlace() {
    ForEachProgress progress = ForEachProgress.start(2, 2);
    progress.dispatch();
    progress.completed(1, "b");
    progress.completed(0, null);

    assertThat(progress.outputsInOrder()).containsExactly(null, "b");
  }

  @Test
  void noItemsIsDoneAtOnceWithAnEmptyList() {
    ForEachProgress progress = ForEachProgress.start(0, 4);

    assertThat(progress.dispatch()).isEmpty();
    assertThat(progress.done()).isTrue();
    assertThat(progress.outputsInOrder()).isEmpty();
  }

  @Test
  void outputsAreNotHandedOverBeforeEveryItemCompleted() {
    ForEachProgress progress = ForEachProgress.start(2, 1);
    progress.dispatch();
    progress.completed(0, "a");

    assertThatThrownBy(progress::outputsInOrder)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 of 2");
  }

  @Test
  void restoredProgressContinuesAfterTheHighestStartedIndex() {
    // items 0 and 2 done, 1 and 3 running: the next to start is 4
    ForEachProgress progress = ForEachProgress.restore(6, 3, Map.of(0, "a", 2, "c"), Set.of(1, 3));

    assertThat(progress.dispatch()).containsExactly(4);
    assertThat(progress.completed(3, "d")).isTrue();
    assertThat(progress.dispatch()).containsExactly(5);
    assertThat(progress.dispatch()).isEmpty();
  }

  @Test
  void rejectsImpossibleSettings() {
    assertThatThrownBy(() -> ForEachProgress.start(3, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ForEachProgress.start(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Results in a random order, one bookkeeping object rebuilt per result as the service does: never
   * more than the concurrency in flight, every item started exactly once, outputs in order.
   */
  @ParameterizedTest
  @CsvSource({"1,1", "7,1", "7,3", "20,4", "50,50", "50,7", "100,13"})
  void randomArrivalOrdersKeepTheInvariants(int itemCount, int concurrency, Random random) {
    Map<Integer, Object> completed = new java.util.HashMap<>();
    Set<Integer> inFlight = new java.util.HashSet<>();
    List<Integer> startOrder = new ArrayList<>();
    ForEachProgress progress = ForEachProgress.start(itemCount, concurrency);
    startOrder.addAll(progress.dispatch());
    inFlight.addAll(startOrder);
    while (!inFlight.isEmpty()) {
      List<Integer> running = new ArrayList<>(inFlight);
      int arriving = running.get(random.nextInt(running.size()));
      progress = ForEachProgress.restore(itemCount, concurrency, completed, inFlight);
      assertThat(progress.completed(arriving, "out-" + arriving)).isTrue();
      inFlight.remove(arriving);
      completed.put(arriving, "out-" + arriving);
      List<Integer> next = progress.dispatch();
      startOrder.addAll(next);
      inFlight.addAll(next);
      assertThat(inFlight.size()).isLessThanOrEqualTo(concurrency);
      assertThat(progress.inFlight()).isEqualTo(inFlight);
    }

    assertThat(startOrder).hasSize(itemCount).doesNotHaveDuplicates().isSorted();
    assertThat(progress.done()).isTrue();
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < itemCount; i++) {
      expected.add("out-" + i);
    }
    assertThat(progress.outputsInOrder()).isEqualTo(expected);
  }
}
