package io.flowmesh.launcher.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

  private static final String JAVA = "/usr/lib/jvm/some-jdk/bin/java";

  @TempDir Path dir;

  @Test
  void theFirstRunWritesBesideTheArchiveAndACleanStopAfterACompleteStartKeepsIt() throws Exception {
    ClassDataArchive first = ClassDataArchive.of(dir, "gateway-service", JAVA);
    assertThat(first.isWriting()).isTrue();
    assertThat(first.jvmOptions())
        .contains("-XX:ArchiveClassesAtExit=" + dir.resolve("gateway-service.jsa.new"));
    jvmWrites("gateway-service.jsa.new");

    first.afterExit(true, 143); // SIGTERM

    ClassDataArchive second = ClassDataArchive.of(dir, "gateway-service", JAVA);
    assertThat(second.isWriting()).isFalse();
    assertThat(second.jvmOptions())
        .contains("-XX:SharedArchiveFile=" + dir.resolve("gateway-service.jsa"));
  }

  @Test
  void aStopBeforeEverythingWasReadyLeavesNoPartialArchive() throws Exception {
    ClassDataArchive first = ClassDataArchive.of(dir, "kafka", JAVA);
    jvmWrites("kafka.jsa.new");

    first.afterExit(false, 143);

    assertThat(dir.resolve("kafka.jsa.new")).doesNotExist();
    assertThat(ClassDataArchive.of(dir, "kafka", JAVA).isWriting()).isTrue();
  }

  @Test
  void aKilledJvmLeavesNoArchive() throws Exception {
    ClassDataArchive first = ClassDataArchive.of(dir, "kafka", JAVA);
    jvmWrites("kafka.jsa.new");

    first.afterExit(true, 137); // SIGKILL, maybe halfway through writing

    assertThat(dir.resolve("kafka.jsa")).doesNotExist();
    assertThat(ClassDataArchive.of(dir, "kafka", JAVA).isWriting()).isTrue();
  }

  @Test
  void anotherJdkOrANewJarStartsOver() throws Exception {
    ClassDataArchive first = ClassDataArchive.of(dir, "webhook-service", JAVA);
    jvmWrites("webhook-service.jsa.new");
    first.afterExit(true, 0);

    assertThat(ClassDataArchive.of(dir, "webhook-service", "/opt/other/bin/java").isWriting())
        .isTrue();

    ClassDataArchive.invalidate(dir, "webhook-service");
    assertThat(ClassDataArchive.of(dir, "webhook-service", JAVA).isWriting()).isTrue();
  }

  private void jvmWrites(String file) throws Exception {
    Files.write(dir.resolve(file), new byte[] {1, 2, 3});
  }
}
