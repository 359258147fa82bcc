package io.flowmesh.launcher.cds;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link ClassDataArchive}s of the JVMs of one start, by process name. */
public final class ClassDataArchives {

  private final Path directory;
  private final String java;
  private final boolean enabled;
  private final Map<String, ClassDataArchive> archives = new ConcurrentHashMap<>();

  /**
   * @param directory where the archives live
   * @param java the {@code java} that runs the JVMs
   * @param enabled false: no options, nothing written
   */
  public ClassDataArchives(Path directory, String java, boolean enabled) {
    this.directory = directory;
    this.java = java;
    this.enabled = enabled;
  }

  /** Options for the JVM of this process: use its archive, or write one at exit. */
  public List<String> jvmOptions(String processName) {
    if (!enabled) {
      return List.of();
    }
    ClassDataArchive archive = ClassDataArchive.of(directory, processName, java);
    archives.put(processName, archive);
    return archive.jvmOptions();
  }

  /** True if the process writes its archive at exit and that archive will be kept. */
  public boolean writing(String processName, boolean startedCompletely) {
    ClassDataArchive archive = archives.get(processName);
    return archive != null && archive.isWriting() && startedCompletely;
  }

  /** See {@link ClassDataArchive#afterExit}; a null exit code means it did not exit. */
  public void afterExit(String processName, boolean startedCompletely, Integer exitCode) {
    ClassDataArchive archive = archives.get(processName);
    if (archive != null) {
      archive.afterExit(startedCompletely, exitCode == null ? -1 : exitCode);
    }
  }

  /** Drops the archive of a process whose classes changed (a new build of its jar). */
  public void invalidate(String processName) {
    ClassDataArchive.invalidate(directory, processName);
  }
}
