package io.flowmesh.launcher.services;

import io.flowmesh.launcher.process.ChildProcess;

/**
 * A service process the launcher started.
 *
 * @param service which service
 * @param port its HTTP port
 * @param process the child process
 */
public record RunningService(Service service, int port, ChildProcess process) {

  public String url() {
    return "http://127.0.0.1:" + port;
  }
}
