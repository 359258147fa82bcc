package io.flowmesh.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One launcher per workspace. The operating system drops the lock when the holder dies, so a lock
 * file left by a crash never blocks the next start; the pid file next to it is only informative.
 */
final class WorkspaceLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;
  private final Path pidFile;

  private WorkspaceLock(FileChannel channel, FileLock lock, Path pidFile) {
    this.channel = channel;
    this.lock = lock;
    this.pidFile = pidFile;
  }

  /** Takes the lock and writes this JVM's pid, or fails naming the holder. */
  static WorkspaceLock acquire(Workspace workspace) {
    Path lockFile = workspace.lockFile();
    try {
      Files.createDirectories(lockFile.getParent());
      FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM (two Platforms on one workspace)
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "Another launcher"
                + readPid(workspace.launcherPidFile()).map(pid -> " (pid " + pid + ")").orElse("")
                + " is using "
                + workspace.root()
                + "; stop it with ./flowmesh stop");
      }
      Files.writeString(
          workspace.launcherPidFile(), ProcessHandle.current().pid() + System.lineSeparator());
      return new WorkspaceLock(channel, lock, workspace.launcherPidFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + lockFile, e);
    }
  }

  /** The pid in a launcher pid file, if there is a readable one. */
  static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(pidFile);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release " + pidFile, e);
    }
  }
}
