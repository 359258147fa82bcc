package io.flowmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.launcher.services.Service;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MainOptionsTest {

  @Test
  void defaultsMatchTheDocumentedPorts() {
    Main.Options options = Main.Options.parse(new String[] {"run"});

    assertThat(options.command()).isEqualTo("run");
    assertThat(options.postgresPort()).isEqualTo(15432);
    assertThat(options.kafkaPort()).isEqualTo(19092);
    assertThat(options.kafkaControllerPort()).isEqualTo(19093);
    assertThat(options.fresh()).isFalse();
    assertThat(options.infraOnly()).isFalse();
  }

  @Test
  void parsesEveryOption() {
    Main.Options options =
        Main.Options.parse(
            new String[] {
              "run",
              "--fresh",
              "--infra-only",
              "--root",
              "/tmp/x",
              "--pg-port",
              "25432",
              "--kafka-port",
              "29092",
              "--kafka-controller-port",
              "29093",
              "--timeout",
              "30"
            });

    assertThat(options.fresh()).isTrue();
    assertThat(options.infraOnly()).isTrue();
    assertThat(options.root()).isEqualTo(Path.of("/tmp/x"));
    assertThat(options.postgresPort()).isEqualTo(25432);
    assertThat(options.kafkaPort()).isEqualTo(29092);
    assertThat(options.kafkaControllerPort()).isEqualTo(29093);
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void onlyTakesServiceNamesWithOrWithoutTheSuffix() {
    Main.Options options =
        Main.Options.parse(new String[] {"run", "--only", "gateway,orchestrator-service"});

    assertThat(options.only()).containsExactly(Service.GATEWAY, Service.ORCHESTRATOR);
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"run", "--only", "gatway"}))
        .hasMessage("Unknown service: gatway");
  }

  @Test
  void rejectsWhatItDoesNotKnowWithAMessage() {
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"run", "--frsh"}))
        .hasMessage("Unknown option: --frsh");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"run", "--pg-port", "x"}))
        .hasMessageContaining("--pg-port needs a number");
    assertThatThrownBy(() -> Main.Options.parse(new String[] {"run", "--pg-port"}))
        .hasMessage("--pg-port needs a value");
    assertThatThrownBy(() -> Main.run(new String[] {"launch"}))
        .hasMessage("Unknown command: launch");
  }
}
