package io.flowmesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

  @TempDir Path dir;

  @Test
  void apiKeysAreFmDevAnd32Base62CharactersAndDoNotRepeat() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = Secrets.newApiKey();
      assertThat(key).matches("fm_dev_[0-9A-Za-z]{32}");
      keys.add(key);
    }
    assertThat(keys).hasSize(1000);
  }

  @Test
  void aesKeysAre32RandomBytesInBase64() {
    String key = Secrets.newAesKey();

    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    assertThat(Secrets.newAesKey()).isNotEqualTo(key);
  }

  @Test
  void theKeyIsMadeOnceAndReadBackOnTheNextStart() throws Exception {
    Path file = dir.resolve("data/dev-api-key");

    String first = Secrets.loadOrCreate(file, Secrets::newApiKey);
    String second = Secrets.loadOrCreate(file, Secrets::newApiKey);

    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(file).strip()).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void anEmptyFileLeftByACrashGetsANewKey() throws Exception {
    Path file = dir.resolve("dev-api-key");
    Files.writeString(file, "\n");

    assertThat(Secrets.loadOrCreate(file, Secrets::newApiKey)).startsWith("fm_dev_");
  }

  @Test
  void theGatewayGetsTheHexSha256OfTheKey() {
    assertThat(Secrets.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
