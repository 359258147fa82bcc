package io.flowmesh.launcher;

import io.flowmesh.launcher.services.Service;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names busy ports before anything starts, rather than letting a service die on one half a minute
 * later. Runs after the leftovers of a crashed launcher are stopped: their ports are free then.
 */
final class PortCheck {

  private PortCheck() {}

  static void requireFree(PlatformBuilder config) {
    Map<Integer, String> wanted = new LinkedHashMap<>();
    if (config.postgres == null) {
      wanted.put(config.postgresPort, "PostgreSQL");
    }
    if (config.kafkaBootstrapServers == null) {
      wanted.put(config.kafkaPort, "Kafka");
      wanted.put(config.kafkaControllerPort, "Kafka controller");
    }
    if (!config.freeServicePorts) {
      for (Service service : config.services) {
        wanted.put(
            config.servicePorts.getOrDefault(service, service.defaultPort()), service.module());
      }
    }
    List<String> busy = new ArrayList<>();
    wanted.forEach(
        (port, user) -> {
          if (!isFree(port)) {
            busy.add(port + " (" + user + ")");
          }
        });
    if (!busy.isEmpty()) {
      throw new IllegalStateException(
          "Ports in use: "
              + String.join(", ", busy)
              + ". Another program listens there (another Flowmesh? ./flowmesh status);"
              + " stop it or choose other ports (--pg-port, --kafka-port).");
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
