package io.flowmesh.deployment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a Kustomize directory offline with {@code kubectl kustomize}. */
final class Kustomize {

  private static final long TIMEOUT_SECONDS = 60;

  private Kustomize() {}

  /** The rendered multi-document YAML of {@code dir}; fails with kubectl's own error output. */
  static String render(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("No Kustomize directory at " + dir);
    }
    String kubectl = kubectl();
    Process process;
    try {
      process =
          new ProcessBuilder(List.of(kubectl, "kustomize", dir.toString()))
              .redirectErrorStream(false)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "Cannot run '"
              + kubectl
              + "'. The deployment tests render k8s/ with kubectl (Kustomize built in); install"
              + " kubectl 1.27+ or point the KUBECTL environment variable at it.",
          e);
    }
    try {
      // Read both streams fully before waiting, so a large output cannot block the child.
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      Thread stderrReader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (InputStream err = process.getErrorStream()) {
                      err.transferTo(stderr);
                    } catch (IOException ignored) {
                      // the exit code and stdout tell what went wrong
                    }
                  });
      String stdout;
      try (InputStream out = process.getInputStream()) {
        stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "kubectl kustomize " + dir + " took over " + TIMEOUT_SECONDS + "s");
      }
      stderrReader.join();
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "kubectl kustomize "
                + dir
                + " failed (exit "
                + process.exitValue()
                + "):\n"
                + stderr.toString(StandardCharsets.UTF_8));
      }
      return stdout;
    } catch (IOException e) {
      throw new AssertionError("Reading kubectl output failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("Interrupted while rendering " + dir, e);
    }
  }

  private static String kubectl() {
    String configured = System.getenv("KUBECTL");
    return configured == null || configured.isBlank() ? "kubectl" : configured;
  }
}
