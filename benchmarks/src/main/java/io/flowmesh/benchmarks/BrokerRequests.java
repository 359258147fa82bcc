package io.flowmesh.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the co-located Kafka broker was asked to do, per request type, from its request metrics. The
 * broker runs in the benchmark's own JVM, so its meters are in this JVM's MBean server. A broker's
 * CPU goes mostly per request, not per record: these counts say which clients' habits it pays for.
 */
final class BrokerRequests {

  private static final String REQUESTS =
      "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=*,version=*";
  private static final String MESSAGES_IN =
      "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec";

  private BrokerRequests() {}

  /** Requests handled so far by type, and records appended under {@code "records in"}. */
  static Map<String, Long> snapshot() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Long> counts = new TreeMap<>();
    try {
      for (ObjectName name : server.queryNames(new ObjectName(REQUESTS), null)) {
        String request = name.getKeyProperty("request");
        // each fetch is also metered as FetchConsumer or FetchFollower: count it once
        if (!request.equals("FetchConsumer") && !request.equals("FetchFollower")) {
          counts.merge(request, count(server, name), Long::sum);
        }
      }
      ObjectName messages = new ObjectName(MESSAGES_IN);
      if (server.isRegistered(messages)) {
        counts.put("records in", count(server, messages));
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the broker's request metrics", e);
    }
    return counts;
  }

  /** The requests of each type between two snapshots, per unit of work, most frequent first. */
  static void print(Map<String, Long> before, Map<String, Long> after, long units, String unit) {
    StringBuilder line = new StringBuilder("broker per " + unit + "    :");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e -> line.append(String.format(" %s %.2f", e.getKey(), (double) e.getValue() / units)));
    System.out.println(line);
  }

  private static long count(MBeanServer server, ObjectName name) throws JMException {
    return ((Number) server.getAttribute(name, "Count")).longValue();
  }
}
