package io.flowmesh.launcher;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Stands in for a service's exec jar in tests: serves {@code /actuator/health/readiness} on {@code
 * SERVER_PORT} (503, then 200 after {@code FAKE_READY_AFTER_MS}), prints the Flowmesh and Spring
 * variables it got, and exits with 3 at once when its jar path contains {@code FAKE_FAIL}.
 */
public final class FakeService {

  private FakeService() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String command = System.getProperty("sun.java.command", "");
    String fail = env.getOrDefault("FAKE_FAIL", "");
    if (!fail.isEmpty() && command.contains(fail)) {
      System.out.println("boom: " + fail + " cannot start");
      System.exit(3);
    }
    env.entrySet().stream()
        .filter(e -> e.getKey().matches("(FLOWMESH|SPRING|SERVER|MANAGEMENT)_.*"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> System.out.println("env " + e.getKey() + "=" + e.getValue()));
    int port = Integer.parseInt(env.get("SERVER_PORT"));
    long readyAt =
        System.currentTimeMillis() + Long.parseLong(env.getOrDefault("FAKE_READY_AFTER_MS", "300"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/actuator/health/readiness",
        exchange -> {
          exchange.sendResponseHeaders(System.currentTimeMillis() >= readyAt ? 200 : 503, -1);
          exchange.close();
        });
    server.start();
    System.out.println("listening on " + port);
    System.out.flush();
  }
}
