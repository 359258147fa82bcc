package io.flowmesh.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.flowmesh.gateway.scopes.Scope;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapApiKeyRegistryTest {

  private static final String KEY = "fm_live_3b1f0c9e7a5d4e2f";

  @Test
  void findsTheTenantOfTheConfiguredKeyWithEveryScope() {
    ApiKeyRegistry registry = registry(ApiKeyHash.of(KEY).toHex(), "acme");

    assertThat(find(registry, KEY))
        .contains(new ApiKeyOwner("acme", ApiKeyOwner.BOOTSTRAP_KEY_ID, Scope.all()));
  }

  @Test
  void knowsNoOtherKey() {
    ApiKeyRegistry registry = registry(ApiKeyHash.of(KEY).toHex(), "acme");

    assertThat(find(registry, KEY + "x")).isEmpty();
    assertThat(find(registry, "")).isEmpty();
  }

  @Test
  void withoutConfiguredKeyKnowsNoKeyAtAll() {
    assertThat(find(registry(null, null), KEY)).isEmpty();
    assertThat(find(registry("  ", "acme"), KEY)).isEmpty();
  }

  @Test
  void acceptsADigestWithSurroundingWhitespaceAsOperatorsPasteIt() {
    ApiKeyRegistry registry = registry(" " + ApiKeyHash.of(KEY).toHex() + "\n", "acme");

    assertThat(find(registry, KEY)).isPresent();
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

  private static Optional<ApiKeyOwner> find(ApiKeyRegistry registry, String key) {
    return registry.findByHash(ApiKeyHash.of(key)).blockOptional();
  }

  private static ApiKeyRegistry registry(String sha256, String tenant) {
    return new BootstrapApiKeyRegistry(new BootstrapKeyProperties(sha256, tenant));
  }
}
