package io.flowmesh.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** When each event's transaction committed (System.nanoTime, taken in afterCommit). */
final class CommitTimes {

  private final Map<Long, Long> committed = new ConcurrentHashMap<>();

  void put(int key, long seq, long nanos) {
    committed.put(slot(key, seq), nanos);
  }

  Long get(int key, long seq) {
    return committed.get(slot(key, seq));
  }

  private static long slot(int key, long seq) {
    return ((long) key << 32) | seq;
  }
}
