package io.flowmesh.launcher.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spring Boot exec jar unpacked with Boot's own {@code -Djarmode=tools extract}: a plain jar
 * plus {@code lib/}. Classes in nested jars cannot go into a class data sharing (CDS) archive,
 * classes in plain jars can; with an archive a service starts several times faster on two busy
 * cores. Unpacked once per build of the jar (a stamp holds its size and time).
 */
public final class ExtractedJar {

  private ExtractedJar() {}

  /**
   * The unpacked jar for {@code execJar}, unpacking it into {@code directory} unless that was
   * already done for this very build.
   *
   * @param classDataArchive the service's CDS archive, deleted when the jar is unpacked anew
   * @return the jar to run, or empty if it cannot be unpacked (then run the exec jar as it is)
   */
  public static Optional<Path> prepare(
      String java, Path execJar, Path directory, Path classDataArchive) {
    try {
      Path stampFile = directory.resolve("stamp");
      Path unpacked = directory.resolve("app");
      Path runnable = unpacked.resolve(execJar.getFileName());
      String stamp = stampOf(execJar);
      if (Files.isRegularFile(runnable)
          && Files.isRegularFile(stampFile)
          && Files.readString(stampFile).equals(stamp)) {
        return Optional.of(runnable);
      }
      deleteTree(directory);
      Files.deleteIfExists(classDataArchive);
      Files.createDirectories(directory);
      Process extract =
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-Djarmode=tools",
                  "-jar",
                  execJar.toString(),
                  "extract",
                  "--destination",
                  unpacked.toString())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("extract.log").toFile())
              .start();
      if (!extract.waitFor(120, TimeUnit.SECONDS)) {
        extract.destroyForcibly();
        return Optional.empty();
      }
      if (extract.exitValue() != 0 || !Files.isRegularFile(runnable)) {
        return Optional.empty();
      }
      Files.writeString(stampFile, stamp); // last: a crash before this means unpack again
      return Optional.of(runnable);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** JVM options that use (and on first run, at exit, write) a dynamic CDS archive. */
  public static List<String> classDataSharing(Path archive) {
    try {
      Files.createDirectories(archive.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
  }

  private static String stampOf(Path jar) throws IOException {
    return jar.toAbsolutePath()
        + " "
        + Files.size(jar)
        + " "
        + Files.getLastModifiedTime(jar).toMillis();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
