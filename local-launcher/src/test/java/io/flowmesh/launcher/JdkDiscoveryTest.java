package io.flowmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./flowmesh java}: which JDK the script picks, with fake JDKs in a fake /usr/lib/jvm. */
class JdkDiscoveryTest {

  private static final Path SCRIPT = Path.of("..", "flowmesh").toAbsolutePath().normalize();

  @TempDir Path jvms;
  @TempDir Path bin;

  @Test
  void picksTheNewestJdkOf21OrLaterWhenJavaHomeIsOlder() throws Exception {
    Path jdk17 = fakeJdk("java-17-openjdk-amd64", "17.0.16");
    fakeJdk("jdk-21", "21.0.5");
    Path jdk25 = fakeJdk("temurin-25-jdk-amd64", "25");
    fakeJdk("zulu-8", "1.8.0_392");

    Result result = discover(jdk17);

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).isEqualTo(jdk25.resolve("bin/java").toString());
  }

  @Test
  void takesJavaHomeWhenItIs21OrLater() throws Exception {
    Path jdk21 = fakeJdk("jdk-21", "21.0.5");
    fakeJdk("temurin-25-jdk-amd64", "25");

    Result result = discover(jdk21);

    assertThat(result.output()).isEqualTo(jdk21.resolve("bin/java").toString());
  }

  @Test
  void comparesFeatureVersionsAsNumbersNotText() throws Exception {
    fakeJdk("a-jdk-100", "100.0.1");
    fakeJdk("z-jdk-21", "21.0.5-ea");

    assertThat(discover(null).output()).endsWith("a-jdk-100/bin/java");
  }

  @Test
  void skipsDirectoriesWithoutAWorkingJava() throws Exception {
    Files.createDirectories(jvms.resolve("empty-dir"));
    Path broken = jvms.resolve("broken-jdk/bin/java");
    Files.createDirectories(broken.getParent());
    Files.writeString(broken, "#!/bin/sh\nexit 1\n");
    broken.toFile().setExecutable(true);
    Path jdk21 = fakeJdk("jdk-21", "21.0.5");

    assertThat(discover(null).output()).isEqualTo(jdk21.resolve("bin/java").toString());
  }

  @Test
  void failsWithAMessageWhenNoJdk21IsThere() throws Exception {
    fakeJdk("java-17-openjdk-amd64", "17.0.16");

    Result result = discover(null);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("no JDK 21 or newer found");
  }

  private Path fakeJdk(String name, String version) throws IOException {
    Path java = jvms.resolve(name).resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(
        java,
        "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-09-16' >&2\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return jvms.resolve(name);
  }

  private record Result(int exitCode, String output) {}

  private Result discover(Path javaHome) throws Exception {
    // a PATH with only fakes (no java of 21 or later to fall back to), plus the tools the script
    // uses
    for (String tool : new String[] {"sed", "head", "dirname"}) {
      Path wrapper = bin.resolve(tool);
      Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/" + tool + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "java");
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", bin.toString());
    env.put("FLOWMESH_JVM_DIR", jvms.toString());
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome.toString());
    }
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output.strip());
  }
}
