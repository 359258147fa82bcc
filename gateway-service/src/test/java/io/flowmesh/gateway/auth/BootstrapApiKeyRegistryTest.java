package io.flowmesh.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class BootstrapApiKeyRegistryTest {

  private static final String KEY = "fm_live_3b1f0c9e7a5d4e2f";

  @Test
  void findsTheTenantOfTheConfiguredKey() {
    ApiKeyRegistry registry = registry(ApiKeyHash.of(KEY).toHex(), "acme");

    assertThat(registry.findByHash(ApiKeyHash.of(KEY))).contains(new ApiKeyOwner("acme"));
  }

  @Test
  void knowsNoOtherKey() {
    ApiKeyRegistry registry = registry(ApiKeyHash.of(KEY).toHex(), "acme");

    assertThat(registry.findByHash(ApiKeyHash.of(KEY + "x"))).isEmpty();
    assertThat(registry.findByHash(ApiKeyHash.of(""))).isEmpty();
  }

  @Test
  void withoutConfiguredKeyKnowsNoKeyAtAll() {
    assertThat(registry(null, null).findByHash(ApiKeyHash.of(KEY))).isEmpty();
    assertThat(registry("  ", "acme").findByHash(ApiKeyHash.of(KEY))).isEmpty();
  }

  @Test
  void acceptsADigestWithSurroundingWhitespaceAsOperatorsPasteIt() {
    ApiKeyRegistry registry = registry(" " + ApiKeyHash.of(KEY).toHex() + "\n", "acme");

    assertThat(registry.findByHash(ApiKeyHash.of(KEY))).isPresent();
  }

  @Test
  void refusesToStartWithAMalformedDigest() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry(KEY, "acme"))
        .withMessageContaining("flowmesh.gateway.bootstrap-key.sha256")
        .withMessageNotContaining(KEY);
  }

  @Test
  void refusesToStartWithoutAUsableTenant() {
    String digest = ApiKeyHash.of(KEY).toHex();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry(digest, null))
        .withMessageContaining("flowmesh.gateway.bootstrap-key.tenant");
    assertThatIllegalArgumentException().isThrownBy(() -> registry(digest, "acme\r\nX-Evil: 1"));
    assertThatIllegalArgumentException().isThrownBy(() -> registry(digest, "t".repeat(65)));
  }

  private static ApiKeyRegistry registry(String sha256, String tenant) {
    return new BootstrapApiKeyRegistry(new BootstrapKeyProperties(sha256, tenant));
  }
}
