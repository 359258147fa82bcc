package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.launcher.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's runnable jar as a user runs it, against the real platform: {@code apply} saves a
 * definition, {@code runs start --wait} watches the run node by node to COMPLETED, and a missing
 * run exits 1 with the problem's detail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class CliE2EIT {

  private Platform platform;
  private Path jar;

  record Result(int exitCode, String out, String err) {}

  @BeforeAll
  void findJar(Platform shared) throws IOException {
    platform = shared;
    Path target =
        Path.of(System.getProperty("flowmesh.repository-root", ".."), "flowmesh-cli", "target");
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "flowmesh-cli-*-exec.jar")) {
      jar = jars.iterator().next();
    }
  }

  /** The CLI as ./flowmesh starts it, pointed at the shared platform, not yet started. */
  private ProcessBuilder start(Path dir, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    // the flags ./flowmesh starts the CLI with: a short-lived JVM starts faster without C2
    List<String> command =
        new ArrayList<>(
            List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("FLOWMESH_URL", platform.gatewayUrl());
    env.put("FLOWMESH_API_KEY", platform.apiKey());
    env.put("FLOWMESH_CONFIG", dir.resolve("no-config").toString());
    return builder;
  }

  private Result cli(Path dir, String... args) throws Exception {
    Process process =
        start(dir, args)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void aDefinitionAppliedAndRunFromTheCommandLineCompletes(@TempDir Path dir) throws Exception {
    Path definition = dir.resolve("cli-echo.json");
    Files.writeString(definition, EchoWorkflow.definition("cli-echo", "CLI"));

    Result applied = cli(dir, "apply", "-f", definition.toString());
    Result started =
        cli(
            dir,
            "runs",
            "start",
            "cli-echo",
            "--input",
            "{\"message\":\"from the cli\"}",
            "--wait");

    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out()).startsWith("WORKFLOW  VERSION  NAME  SAVED").contains("cli-echo  1");
    assertThat(started.exitCode()).as(started.err()).isZero();
    assertThat(started.out())
        .contains("  echo  COMPLETED", "run COMPLETED", "\"message\":\"from the cli\"");
    System.out.println("flowmesh runs start cli-echo --wait:\n" + started.out());
  }

  @Test
  void webhooksListenPrintsTheVerifiedDeliveriesOfARunAndDeletesItsSubscription(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("listen.json"), EchoWorkflow.definition("cli-listen", "Listen"));
    assertThat(cli(dir, "apply", "-f", dir.resolve("listen.json").toString()).exitCode()).isZero();
    Path out = dir.resolve("listen-out.txt");
    Path err = dir.resolve("listen-err.txt");
    Process listener =
        start(
                dir,
                "webhooks",
                "listen",
                "--events",
                "io.flowmesh.run.started.v1,io.flowmesh.run.completed.v1",
                "--count",
                "2")
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(err, StandardCharsets.UTF_8).contains("listening on"));

      Result started =
          cli(dir, "runs", "start", "cli-listen", "--input", "{\"message\":\"heard\"}", "--wait");
      assertThat(started.exitCode()).as(started.err()).isZero();

      assertThat(listener.waitFor(60, TimeUnit.SECONDS)).as("listen stops after 2").isTrue();
      assertThat(listener.exitValue()).isZero();
      String printed = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(printed.lines())
          .hasSize(2)
          .anyMatch(line -> line.contains("io.flowmesh.run.started.v1"))
          .anyMatch(line -> line.contains("io.flowmesh.run.completed.v1"));
      System.out.println("flowmesh webhooks listen --count 2:\n" + printed);
      assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("deleted");
    } finally {
      listener.destroyForcibly();
    }
  }

  @Test
  void aMissingRunExitsWithOneAndTheProblemsDetail(@TempDir Path dir) throws Exception {
    Result missing = cli(dir, "runs", "get", "run_00000000000000000000000000000000");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("404", "run_00000000000000000000000000000000");
  }
}
