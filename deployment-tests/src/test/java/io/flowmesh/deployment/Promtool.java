package io.flowmesh.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' promtool in the repository root. The first use installs it (Debian's prometheus
 * package) with monitoring/install-promtool.sh when it is missing.
 */
final class Promtool {

  private static boolean installed;

  private Promtool() {}

  /** promtool's output; an assertion error with that output when it exits with an error. */
  static synchronized String run(String... arguments) {
    if (!installed) {
      exec(List.of("bash", Repo.resolve("monitoring/install-promtool.sh").toString()));
      installed = true;
    }
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(arguments));
    return exec(command);
  }

  private static String exec(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(Repo.root().toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError("Cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted: " + String.join(" ", command), e);
    }
  }
}
