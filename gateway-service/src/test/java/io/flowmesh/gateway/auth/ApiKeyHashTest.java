package io.flowmesh.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ApiKeyHashTest {

  /** FIPS 180-2 test vector: SHA-256("abc"). */
  private static final String SHA256_OF_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void hashesTheKeyWithSha256() {
    assertThat(ApiKeyHash.of("abc").toHex()).isEqualTo(SHA256_OF_ABC);
  }

  @Test
  void keyMatchesItsConfiguredDigestInEitherCase() {
    ApiKeyHash presented = ApiKeyHash.of("abc");

    assertThat(presented.matches(ApiKeyHash.fromHex(SHA256_OF_ABC))).isTrue();
    assertThat(presented.matches(ApiKeyHash.fromHex(SHA256_OF_ABC.toUpperCase()))).isTrue();
    assertThat(presented).isEqualTo(ApiKeyHash.fromHex(SHA256_OF_ABC));
    assertThat(presented).hasSameHashCodeAs(ApiKeyHash.fromHex(SHA256_OF_ABC));
  }

  @Test
  void differentKeysDoNotMatch() {
    assertThat(ApiKeyHash.of("abc").matches(ApiKeyHash.of("abd"))).isFalse();
    assertThat(ApiKeyHash.of("abc").matches(ApiKeyHash.of("abc "))).isFalse();
  }

  @Test
  void rejectsConfiguredDigestsThatAreNotSha256Hex() {
    assertThatIllegalArgumentException().isThrownBy(() -> ApiKeyHash.fromHex("abc"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ApiKeyHash.fromHex(SHA256_OF_ABC.substring(1) + "g"));
    // Configuring the plain key by mistake must fail, not silently never match.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ApiKeyHash.fromHex("fm_live_3b1f0c9e7a5d4e2f"))
        .withMessageNotContaining("fm_live");
  }

  @Test
  void printsOnlyAFingerprint() {
    assertThat(ApiKeyHash.of("abc").toString())
        .isEqualTo("ApiKeyHash[ba7816bf...]")
        .doesNotContain(SHA256_OF_ABC);
  }
}
