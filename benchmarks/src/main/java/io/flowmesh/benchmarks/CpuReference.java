package io.flowmesh.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fixed piece of single-threaded work of the kind the services do most (building small maps,
 * writing and reading JSON, allocating), timed before the platform starts. The machines these
 * benchmarks run on differ from day to day by more than most changes do; this figure, printed with
 * every run, says how fast the machine was, so runs of different days can be compared.
 */
final class CpuReference {

  private static final int DOCUMENTS = 40_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Where the work's result goes, so that the JIT cannot drop the work. */
  private static volatile long sink;

  private CpuReference() {}

  /** The median wall time of five rounds after two warm-up rounds, in milliseconds. */
  static double medianMillis() {
    long checksum = 0;
    for (int i = 0; i < 2; i++) {
      checksum += round();
    }
    double[] millis = new double[5];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      checksum += round();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    sink = checksum;
    Arrays.sort(millis);
    return millis[millis.length / 2];
  }

  private static long round() {
    long checksum = 0;
    for (int i = 0; i < DOCUMENTS; i++) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("runId", "run-" + i);
      event.put("nodeId", "node-" + (i % 7));
      event.put("attempt", i % 3);
      List<Integer> items = new ArrayList<>();
      for (int j = 0; j < 8; j++) {
        items.add(i * j);
      }
      event.put("items", items);
      byte[] written = JSON.writeValueAsBytes(event);
      checksum += JSON.readTree(written).size() + written.length;
    }
    return checksum;
  }
}
