package io.flowmesh.launcher.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spring Boot exec jar unpacked with Boot's own {@code -Djarmode=tools extract}: a plain jar plus
 * {@code lib/}. Loads classes faster than nested jars, and classes in plain jars can go into a
 * class data sharing (CDS) archive, with which a service starts about twice as fast again on two
 * busy cores. Unpacked once per build of the jar (a stamp holds its size and time), into the
 * workspace, so a rebuild in another terminal does not pull classes from under a running service.
 */
public final class ExtractedJar {

  private ExtractedJar() {}

  /**
   * The outcome of {@link #prepare}.
   *
   * @param jar the jar to run: the unpacked one, or the exec jar if unpacking failed
   * @param unpacked true if it was unpacked just now (first start after a build)
   * @param failed true if it could not be unpacked
   */
  public record Prepared(Path jar, boolean unpacked, boolean failed) {}

  /**
   * The unpacked jar for {@code execJar}, unpacking it into {@code directory} unless that was
   * already done for this very build.
   */
  public static Prepared prepare(String java, Path execJar, Path directory) {
    try {
      Path stampFile = directory.resolve("stamp");
      Path unpacked = directory.resolve("app");
      Path runnable = unpacked.resolve(execJar.getFileName());
      String stamp = stampOf(execJar);
      if (Files.isRegularFile(runnable)
          && Files.isRegularFile(stampFile)
          && Files.readString(stampFile).equals(stamp)) {
        return new Prepared(runnable, false, false);
      }
      deleteTree(directory);
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
        return new Prepared(execJar, false, true);
      }
      if (extract.exitValue() != 0 || !Files.isRegularFile(runnable)) {
        return new Prepared(execJar, false, true);
      }
      Files.writeString(stampFile, stamp); // last: a crash before this means unpack again
      return new Prepared(runnable, true, false);
    } catch (IOException e) {
      return new Prepared(execJar, false, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Prepared(execJar, false, true);
    }
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
