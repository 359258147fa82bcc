package io.flowmesh.integrations.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variables the launcher, docker-compose and Kubernetes set bind as documented. */
class CryptoPropertiesBindingTest {

  @Test
  void bindsKeysFromTheEnvironmentInBothForms() {
    String a = key();
    String b = key();
    String c = key();
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                    "FLOWMESH_INTEGRATIONS_CRYPTO_KEYRING",
                    "k2026=" + a + ", k2025=" + b,
                    "FLOWMESH_INTEGRATIONS_CRYPTO_MASTERKEYS_K2024",
                    c,
                    "FLOWMESH_INTEGRATIONS_CRYPTO_ACTIVE_KEY_ID",
                    "k2026")));
    ConfigurationPropertySources.attach(environment);

    CryptoProperties properties =
        Binder.get(environment)
            .bindOrCreate("flowmesh.integrations.crypto", CryptoProperties.class);

    assertThat(properties.activeKeyId()).isEqualTo("k2026");
    assertThat(properties.masterKeys())
        .containsEntry("k2026", a)
        .containsEntry("k2025", b)
        .containsEntry("k2024", c);
    assertThat(new SecretCipher(properties).keyIds())
        .containsExactlyInAnyOrder("k2024", "k2025", "k2026");
  }

  private static String key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
