package io.flowmesh.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root whose deployment assets the tests check. */
final class Repo {

  private Repo() {}

  /**
   * The root of the Flowmesh checkout: {@code -Dflowmesh.repo.root} (set by the pom), else the
   * first parent of the working directory that holds both {@code pom.xml} and {@code k8s/}.
   */
  static Path root() {
    String configured = System.getProperty("flowmesh.repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("k8s"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Cannot find the Flowmesh repository root; set -Dflowmesh.repo.root=<path>");
  }

  static Path resolve(String relative) {
    return root().resolve(relative);
  }

  /** True when {@code name} is a Maven module directory of this repository. */
  static boolean isModule(String name) {
    return Files.isRegularFile(root().resolve(name).resolve("pom.xml"));
  }
}
