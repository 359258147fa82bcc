package io.flowmesh.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The ordering keys and, per key, the last sequence number committed. Each key belongs to one
 * writer, so a key's commit order is its sequence order and the consumer can check it exactly.
 */
final class KeySpace {

  private final String[] names;
  private final int writers;
  private final AtomicLongArray committed;

  KeySpace(int keys, int writers) {
    this.names = new String[keys];
    for (int k = 0; k < keys; k++) {
      names[k] = String.format("key-%05d", k);
    }
    this.writers = writers;
    this.committed = new AtomicLongArray(keys);
  }

  int size() {
    return names.length;
  }

  String name(int key) {
    return names[key];
  }

  static int index(String name) {
    return Integer.parseInt(name, name.indexOf('-') + 1, name.length(), 10);
  }

  /** The keys writer {@code w} owns: every key k with {@code k % writers == w}. */
  int[] keysOf(int writer) {
    int count = (names.length - writer + writers - 1) / writers;
    int[] keys = new int[count];
    for (int i = 0; i < count; i++) {
      keys[i] = writer + i * writers;
    }
    return keys;
  }

  void committed(int key, long seq) {
    committed.set(key, seq);
  }

  long committed(int key) {
    return committed.get(key);
  }

  long totalCommitted() {
    long total = 0;
    for (int k = 0; k < names.length; k++) {
      total += committed.get(k);
    }
    return total;
  }
}
