package io.flowmesh.launcher.cds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * A dynamic class data sharing (CDS) archive for one JVM: the classes it loaded on a complete
 * start, mapped ready-made on the next start, which then takes about half the time on two busy
 * cores.
 *
 * <p>Only a run that became ready and stopped cleanly may leave an archive: a JVM that exits while
 * still starting (Ctrl-C, a crash) would archive a fraction of its classes, and a JVM keeps using
 * any valid archive, so a partial one would slow every later start. Hence the JVM writes to {@code
 * <name>.jsa.new} ({@code -XX:ArchiveClassesAtExit}) and {@link #afterExit} promotes that file only
 * on a clean exit after a complete start. The archive also records which {@code java} made it:
 * another JDK would silently ignore it.
 */
public final class ClassDataArchive {

  /** Exit codes of a JVM that stopped by itself or on SIGINT/SIGTERM (not SIGKILL). */
  private static final Set<Integer> CLEAN_EXITS = Set.of(0, 130, 143);

  private final Path archive;
  private final Path stamp;
  private final Path pending;
  private final String maker;
  private final boolean present;

  private ClassDataArchive(Path directory, String name, String java) {
    this.archive = directory.resolve(name + ".jsa");
    this.stamp = directory.resolve(name + ".jsa.ok");
    this.pending = directory.resolve(name + ".jsa.new");
    this.maker = describe(java);
    this.present = Files.isRegularFile(archive) && maker.equals(read(stamp));
  }

  /** The archive {@code <directory>/<name>.jsa} for JVMs run by {@code java}. */
  public static ClassDataArchive of(Path directory, String name, String java) {
    try {
      Files.createDirectories(directory);
      Files.deleteIfExists(directory.resolve(name + ".jsa.new")); // a crashed run's, never used
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + directory, e);
    }
    return new ClassDataArchive(directory, name, java);
  }

  /** Deletes the archive, e.g. because the jar it was made from changed. */
  public static void invalidate(Path directory, String name) {
    try {
      Files.deleteIfExists(directory.resolve(name + ".jsa.ok"));
      Files.deleteIfExists(directory.resolve(name + ".jsa"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the archive " + name, e);
    }
  }

  /** True when this run writes the archive (at exit), false when it uses one. */
  public boolean isWriting() {
    return !present;
  }

  /** Options for the JVM's command line. */
  public List<String> jvmOptions() {
    return List.of(
        present ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + pending,
        // else: "Skipping <class>: unsupported location" for every proxy class when writing
        "-Xlog:cds*=off");
  }

  /**
   * Keeps what the JVM wrote if it had started completely and exited cleanly; throws it away
   * otherwise.
   *
   * @param startedCompletely the platform became ready in this run
   * @param exitCode the JVM's exit code
   */
  public void afterExit(boolean startedCompletely, int exitCode) {
    if (present) {
      return;
    }
    try {
      if (startedCompletely
          && CLEAN_EXITS.contains(exitCode)
          && Files.isRegularFile(pending)
          && Files.size(pending) > 0) {
        Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(stamp, maker);
      } else {
        Files.deleteIfExists(pending);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the archive " + archive, e);
    }
  }

  private static String describe(String java) {
    Path executable = Path.of(java).toAbsolutePath();
    Path modules = executable.getParent().resolveSibling("lib").resolve("modules");
    try {
      return executable
          + (Files.isRegularFile(modules)
              ? " " + Files.size(modules) + " " + Files.getLastModifiedTime(modules).toMillis()
              : "");
    } catch (IOException e) {
      return executable.toString();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
