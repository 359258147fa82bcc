package io.flowmesh.orchestrator.engine.foreach;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookkeeping of one for-each node: items are started in index order, at most {@code
 * concurrency} at a time; each result frees a slot for the next item; when every item has
 * completed, the outputs are handed over in item order, whatever order the results arrived in.
 *
 * <p>Rebuilt for every transition from the item rows (under the run row lock), so it holds no state
 * between transactions.
 */
public final class ForEachProgress {

  private final int itemCount;
  private final int concurrency;
  private final Map<Integer, Object> outputs;
  private final Set<Integer> inFlight;

  private ForEachProgress(
      int itemCount, int concurrency, Map<Integer, Object> outputs, Set<Integer> inFlight) {
    if (itemCount < 0 || concurrency < 1) {
      throw new IllegalArgumentException(
          "itemCount must be >= 0 and concurrency >= 1, got " + itemCount + ", " + concurrency);
    }
    this.itemCount = itemCount;
    this.concurrency = concurrency;
    this.outputs = new HashMap<>(outputs);
    this.inFlight = new HashSet<>(inFlight);
  }

  /** A loop over {@code itemCount} items that has not started any. */
  public static ForEachProgress start(int itemCount, int concurrency) {
    return new ForEachProgress(itemCount, concurrency, Map.of(), Set.of());
  }

  /**
   * A loop part-way through: every index neither completed nor in flight has yet to start. The
   * completed items may be anywhere in the list (a retried for-each keeps the items an earlier
   * attempt completed), so the next items are found by index, not by count.
   */
  public static ForEachProgress restore(
      int itemCount, int concurrency, Map<Integer, Object> completed, Set<Integer> inFlight) {
    return new ForEachProgress(itemCount, concurrency, completed, inFlight);
  }

  /** The items to start now, lowest index first; they count as in flight from here on. */
  public List<Integer> dispatch() {
    List<Integer> next = new ArrayList<>();
    for (int index = 0; inFlight.size() < concurrency && index < itemCount; index++) {
      if (!outputs.containsKey(index) && inFlight.add(index)) {
        next.add(index);
      }
    }
    return next;
  }

  /**
   * An item's result arrived.
   *
   * @return false if the item was not in flight (a redelivered or unknown result): nothing changed
   */
  public boolean completed(int index, Object output) {
    if (!inFlight.remove(index)) {
      return false;
    }
    outputs.put(index, output);
    return true;
  }

  /** Whether every item has completed. */
  public boolean done() {
    return outputs.size() == itemCount;
  }

  /** Items currently running. */
  public Set<Integer> inFlight() {
    return Collections.unmodifiableSet(inFlight);
  }

  /** The outputs by item index, once {@link #done()}. */
  public List<Object> outputsInOrder() {
    if (!done()) {
      throw new IllegalStateException(
          outputs.size() + " of " + itemCount + " items have completed");
    }
    List<Object> ordered = new ArrayList<>(itemCount);
    for (int i = 0; i < itemCount; i++) {
      ordered.add(outputs.get(i));
    }
    return ordered;
  }
}
