package io.flowmesh.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

  @TempDir Path dir;

  @Test
  void keepsEveryRecordedChildUntilItIsForgotten() {
    PidFile pids = new PidFile(dir.resolve("run/pids"));

    pids.record("kafka", 101);
    pids.record("gateway-service", 102);
    pids.record("orchestrator-service", 103);
    pids.forget("gateway-service");

    assertThat(new PidFile(pids.path()).read())
        .containsExactly(
            new PidFile.Entry("kafka", 101), new PidFile.Entry("orchestrator-service", 103));
  }

  @Test
  void skipsLinesItCannotRead() throws Exception {
    Path file = dir.resolve("pids");
    Files.writeString(file, "kafka 101\ngarbage\nwebhook-service notanumber\n\nevent-service 7\n");

    assertThat(new PidFile(file).read())
        .containsExactly(new PidFile.Entry("kafka", 101), new PidFile.Entry("event-service", 7));
  }

  @Test
  void aMissingFileMeansNothingWasLeftBehind() {
    PidFile pids = new PidFile(dir.resolve("nope"));

    assertThat(pids.read()).isEmpty();
    pids.delete();
  }
}
