package io.flowmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.launcher.process.PidFile;
import io.flowmesh.launcher.services.ReadinessProbe;
import io.flowmesh.launcher.services.RunningService;
import io.flowmesh.launcher.services.Service;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services half of {@link Platform} with stand-in exec jars ({@link FakeService}) and an
 * external database and broker that the fakes never call: spawning, environment, readiness, failure
 * handling, stopping, and cleaning up after a crash.
 */
class PlatformServicesIT {

  private static final List<Service> TWO = List.of(Service.GATEWAY, Service.ORCHESTRATOR);

  @TempDir Path root;

  private final List<Process> strays = new ArrayList<>();
  private Platform platform;

  @BeforeEach
  void fakeExecJars() throws IOException {
    for (Service service : Service.values()) {
      writeFakeJar(
          root.resolve(
              service.module() + "/target/" + service.module() + "-0.1.0-SNAPSHOT-exec.jar"));
    }
  }

  @AfterEach
  void stopEverything() {
    if (platform != null) {
      platform.close();
    }
    strays.forEach(Process::destroyForcibly);
  }

  @Test
  void startsTheServicesWithTheirEnvironmentAndStopsThemAllOnClose() throws Exception {
    platform = builder().services(TWO).start();

    assertThat(new ReadinessProbe().isReady(platform.gatewayUrl())).isTrue();
    assertThat(platform.apiKey()).matches("fm_dev_[0-9A-Za-z]{32}");
    String gatewayLog = Files.readString(platform.workspace().log("gateway-service"));
    assertThat(gatewayLog)
        .contains(
            "env FLOWMESH_GATEWAY_BOOTSTRAP_KEY_SHA256=" + Secrets.sha256Hex(platform.apiKey()))
        .contains("env FLOWMESH_GATEWAY_BOOTSTRAP_KEY_TENANT=dev")
        .contains(
            "env FLOWMESH_SERVICES_ORCHESTRATOR_URL=" + platform.serviceUrl(Service.ORCHESTRATOR))
        .contains("env SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:1/flowmesh")
        .contains("env SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:2");
    assertThat(new PidFile(platform.workspace().pidFile()).read())
        .extracting(PidFile.Entry::name)
        .containsExactly("gateway-service", "orchestrator-service");
    List<ProcessHandle> children =
        platform.services().stream().map(s -> s.process().handle()).toList();

    platform.close();

    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(platform.workspace().pidFile()).doesNotExist();
    assertThat(platform.workspace().launcherPidFile()).doesNotExist();
  }

  @Test
  void aTemporaryWorkspaceKeepsOnlyItsLogsAfterClose() throws Exception {
    platform =
        builder()
            .temporaryWorkspace("flowmesh-launcher-it")
            .services(List.of(Service.GATEWAY))
            .start();
    Path workspace = platform.workspace().root();
    assertThat(workspace).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(platform.workspace().unpackedJars()).isDirectory();

    platform.close();

    try (Stream<Path> left = Files.list(workspace)) {
      assertThat(left).containsExactly(platform.workspace().logs());
    }
    assertThat(platform.workspace().log("gateway-service")).isNotEmptyFile();
    Platform.deleteTree(workspace);
  }

  @Test
  void aKilledServiceStaysDownUntilItIsRestartedOnItsPortWithItsLogKept() throws Exception {
    List<String> progress = new CopyOnWriteArrayList<>();
    platform = builder().services(TWO).progress(progress::add).start();
    String url = platform.serviceUrl(Service.ORCHESTRATOR);
    ProcessHandle first = ProcessHandle.of(platform.pids().get("orchestrator-service")).get();

    platform.kill(Service.ORCHESTRATOR);

    assertThat(first.isAlive()).isFalse();
    assertThat(new ReadinessProbe().isReady(url)).isFalse();
    assertThat(new ReadinessProbe().isReady(platform.gatewayUrl())).isTrue();

    platform.restart(Service.ORCHESTRATOR);

    long second = platform.pids().get("orchestrator-service");
    assertThat(second).isNotEqualTo(first.pid());
    assertThat(platform.serviceUrl(Service.ORCHESTRATOR)).isEqualTo(url);
    assertThat(new ReadinessProbe().isReady(url)).isTrue();
    assertThat(new PidFile(platform.workspace().pidFile()).read())
        .contains(new PidFile.Entry("orchestrator-service", second));
    // one log for both lives: what the crashed one wrote is kept above the new one's output
    assertThat(Files.readAllLines(platform.workspace().log("orchestrator-service")))
        .filteredOn(line -> line.startsWith("listening on "))
        .hasSize(2);
    assertThat(progress)
        .anyMatch(line -> line.startsWith("orchestrator-service restarted (pid " + second + ")"))
        .noneMatch(line -> line.startsWith("WARNING"));

    platform.close();

    assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
  }

  @Test
  void aServiceThatDiesWhileStartingFailsTheStartWithItsLogAndStopsTheRest() {
    Platform failing =
        builder().services(TWO).environment("FAKE_FAIL", "orchestrator-service").build();

    assertThatThrownBy(failing::start)
        .hasMessageContaining("orchestrator-service exited with code 3 before it was ready")
        .hasMessageContaining("boom: orchestrator-service cannot start");
    assertThat(failing.services())
        .extracting(RunningService::process)
        .allSatisfy(process -> assertThat(process.isAlive()).isFalse());
    assertThat(failing.workspace().pidFile()).doesNotExist();
  }

  @Test
  void aMissingBuildIsReportedBeforeAnythingStarts() throws IOException {
    Files.delete(root.resolve("webhook-service/target/webhook-service-0.1.0-SNAPSHOT-exec.jar"));

    assertThatThrownBy(() -> builder().start())
        .hasMessageContaining("No exec jar for webhook-service")
        .hasMessageContaining("./mvnw -B -q install -DskipTests -Dquickly");
    assertThat(root.resolve(".flowmesh")).doesNotExist();
  }

  @Test
  void aStartAfterACrashStopsWhatTheCrashedLauncherLeftRunning() throws Exception {
    Workspace workspace = Workspace.of(root).create();
    Process leftover =
        new ProcessBuilder("bash", "-c", "sleep 300; :", workspace.processMarker()).start();
    strays.add(leftover);
    new PidFile(workspace.pidFile()).record("orchestrator-service", leftover.pid());
    List<String> progress = new ArrayList<>();

    platform = builder().services(List.of(Service.GATEWAY)).progress(progress::add).start();

    assertThat(leftover.isAlive()).isFalse();
    assertThat(progress)
        .anyMatch(line -> line.contains("orchestrator-service (pid " + leftover.pid() + ")"));
  }

  @Test
  void aSecondLauncherOnTheSameWorkspaceIsRefused() {
    platform = builder().services(List.of(Service.GATEWAY)).start();

    assertThatThrownBy(() -> builder().services(List.of(Service.GATEWAY)).start())
        .hasMessageContaining("Another launcher (pid " + ProcessHandle.current().pid() + ")");
    assertThat(new ReadinessProbe().isReady(platform.gatewayUrl())).isTrue();
  }

  @Test
  void busyPortsAreNamedBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      PlatformBuilder builder =
          Platform.builder()
              .repositoryRoot(root)
              .externalPostgres("jdbc:postgresql://127.0.0.1:1/flowmesh", "postgres", "postgres")
              .externalKafka("127.0.0.1:2")
              .services(List.of(Service.GATEWAY))
              .servicePort(Service.GATEWAY, taken.getLocalPort());

      assertThatThrownBy(builder::start)
          .hasMessageContaining("Ports in use: " + taken.getLocalPort() + " (gateway-service)");
      assertThat(Workspace.of(root).log("gateway-service")).doesNotExist();
    }
  }

  private PlatformBuilder builder() {
    return Platform.builder()
        .repositoryRoot(root)
        .externalPostgres("jdbc:postgresql://127.0.0.1:1/flowmesh", "postgres", "postgres")
        .externalKafka("127.0.0.1:2")
        .freeServicePorts()
        .classDataSharing(false) // the fakes are no Spring Boot jars
        .serviceJvmOptions(List.of("-XX:TieredStopAtLevel=1", "-Xmx32m", "-XX:+UseSerialGC"))
        .readinessTimeout(Duration.ofSeconds(60));
  }

  private static void writeFakeJar(Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
    String entry = FakeService.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      jarOut.putNextEntry(new JarEntry(entry));
      try (var in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(jarOut);
      }
      jarOut.closeEntry();
    }
  }
}
