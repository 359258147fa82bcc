package io.flowmesh.cli;

import java.nio.file.Path;

/** {@code java -jar flowmesh-cli-*-exec.jar <command>}; the repository's ./flowmesh runs it. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    Path home = Path.of(System.getProperty("user.home"));
    System.exit(FlowmeshCommand.commandLine(System.getenv(), home).execute(args));
  }
}
