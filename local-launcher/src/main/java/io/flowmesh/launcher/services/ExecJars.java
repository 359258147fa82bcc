package io.flowmesh.launcher.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The services' exec jars: found under the repository, unpacked into the workspace. */
public final class ExecJars {

  private ExecJars() {}

  /**
   * {@code <module>/target/<module>-*-exec.jar} for each service, in order.
   *
   * @throws IllegalStateException naming every missing one and the build command
   */
  public static List<Path> find(Path repositoryRoot, List<Service> services) {
    List<Path> jars = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Service service : services) {
      Optional<Path> jar = service.execJar(repositoryRoot);
      jar.ifPresentOrElse(jars::add, () -> missing.add(service.module()));
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "No exec jar for "
              + String.join(", ", missing)
              + " under "
              + repositoryRoot
              + "; build first: ./mvnw -B -q install -DskipTests -Dquickly");
    }
    return jars;
  }

  /**
   * The jars unpacked (see {@link ExtractedJar}), two at a time (mostly I/O); an exec jar stays as
   * it is if that fails.
   *
   * @param directory one subdirectory per module goes here
   * @param onUnpacked told the module of every jar unpacked anew
   * @return the jars to run, in order
   */
  public static List<Path> unpack(
      String java,
      List<Service> services,
      List<Path> execJars,
      Path directory,
      Consumer<String> onUnpacked,
      Consumer<String> progress) {
    long begin = System.nanoTime();
    AtomicBoolean unpackedAny = new AtomicBoolean();
    List<Path> runnable = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < execJars.size(); i++) {
        Path execJar = execJars.get(i);
        String module = services.get(i).module();
        results.add(
            pool.submit(
                () -> {
                  Path target = directory.resolve(module);
                  ExtractedJar.Prepared prepared = ExtractedJar.prepare(java, execJar, target);
                  if (prepared.failed()) {
                    progress.accept(
                        "could not unpack " + execJar + " (see " + target + "/extract.log)");
                  }
                  if (prepared.unpacked()) {
                    unpackedAny.set(true);
                    onUnpacked.accept(module);
                  }
                  return prepared.jar();
                }));
      }
      for (Future<Path> result : results) {
        runnable.add(result.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return execJars;
    } catch (ExecutionException e) {
      return execJars;
    }
    if (unpackedAny.get()) {
      progress.accept(
          String.format(
              Locale.ROOT,
              "unpacked new exec jars (%.1f s; again only after a build)",
              (System.nanoTime() - begin) / 1e9));
    }
    return runnable;
  }
}
