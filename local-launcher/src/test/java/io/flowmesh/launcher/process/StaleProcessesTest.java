package io.flowmesh.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the next start does about children a crashed launcher left running. */
class StaleProcessesTest {

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(
        process -> {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        });
  }

  @Test
  void stopsRecordedChildrenThatCarryTheMarkerWithTheirChildren() throws Exception {
    String marker = "-Dflowmesh.workspace=" + dir;
    // a shell that has a child of its own, like a service that started a function process
    Process leftover = start("sleep 300; :", marker);
    ProcessHandle grandchild =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> leftover.descendants().findFirst(), Optional::isPresent)
            .orElseThrow();
    PidFile pids = new PidFile(dir.resolve("pids"));
    pids.record("orchestrator-service", leftover.pid());

    List<String> stopped = StaleProcesses.reap(pids, marker, Duration.ofSeconds(5));

    assertThat(stopped).containsExactly("orchestrator-service (pid " + leftover.pid() + ")");
    assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).isTrue();
    grandchild.onExit().get(5, TimeUnit.SECONDS);
    assertThat(grandchild.isAlive()).isFalse();
    assertThat(pids.path()).doesNotExist();
  }

  @Test
  void neverTouchesAProcessThatGotARecycledPid() throws Exception {
    Process stranger = start("sleep 300; :", "-Dsomething=else");
    PidFile pids = new PidFile(dir.resolve("pids"));
    pids.record("gateway-service", stranger.pid());

    List<String> stopped =
        StaleProcesses.reap(pids, "-Dflowmesh.workspace=" + dir, Duration.ofSeconds(5));

    assertThat(stopped).isEmpty();
    assertThat(stranger.isAlive()).isTrue();
    assertThat(pids.path()).doesNotExist();
  }

  @Test
  void theMarkerOfANestedWorkspaceIsNotOurs() throws Exception {
    Process nested = start("sleep 300; :", "-Dflowmesh.workspace=" + dir + "/e2e");
    PidFile pids = new PidFile(dir.resolve("pids"));
    pids.record("gateway-service", nested.pid());

    assertThat(StaleProcesses.reap(pids, "-Dflowmesh.workspace=" + dir, Duration.ofSeconds(5)))
        .isEmpty();
    assertThat(nested.isAlive()).isTrue();
  }

  @Test
  void ignoresPidsThatAreGone() throws Exception {
    Process gone = start("exit 0", "x");
    gone.waitFor();
    PidFile pids = new PidFile(dir.resolve("pids"));
    pids.record("kafka", gone.pid());

    assertThat(StaleProcesses.reap(pids, "x", Duration.ofSeconds(1))).isEmpty();
  }

  private Process start(String script, String marker) throws Exception {
    // bash -c SCRIPT NAME: NAME becomes $0 and shows in the command line, like a JVM option
    Process process = new ProcessBuilder("bash", "-c", script, marker).start();
    started.add(process);
    return process;
  }
}
