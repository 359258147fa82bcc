package io.flowmesh.launcher.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pids of the child processes a launcher started, one {@code name pid} per line. Rewritten
 * atomically on every change, so that after a crash of the launcher the next start finds exactly
 * the processes that may still be running.
 */
public final class PidFile {

  /** One recorded child. */
  public record Entry(String name, long pid) {}

  private final Path file;
  private final Map<String, Long> entries = new LinkedHashMap<>();

  public PidFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** Entries as stored; unreadable lines are skipped (a hand-edited file must not stop a start). */
  public List<Entry> read() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      List<Entry> result = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length == 2) {
          try {
            result.add(new Entry(parts[0], Long.parseLong(parts[1])));
          } catch (NumberFormatException ignored) {
            // skip
          }
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  public synchronized void record(String name, long pid) {
    entries.put(name, pid);
    write();
  }

  public synchronized void forget(String name) {
    entries.remove(name);
    write();
  }

  public synchronized void delete() {
    entries.clear();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + file, e);
    }
  }

  private void write() {
    StringBuilder content = new StringBuilder();
    entries.forEach((name, pid) -> content.append(name).append(' ').append(pid).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
