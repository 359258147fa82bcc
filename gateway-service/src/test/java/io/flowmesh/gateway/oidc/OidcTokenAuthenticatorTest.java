package io.flowmesh.gateway.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which bearer tokens are taken as JWTs, and which are left to the API-key lookup. */
class OidcTokenAuthenticatorTest {

  private static final OidcProperties.Issuer ISSUER =
      new OidcProperties.Issuer(
          URI.create("https://login.example.com"), null, List.of(), null, "t", "scope", "sub");

  private final OidcTokenAuthenticator configured =
      new OidcTokenAuthenticator(new OidcProperties(List.of(ISSUER)));

  @Test
  void aCompactJwtIsTaken() {
    assertThat(configured.accepts(jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"x\"}"))).isTrue();
  }

  @Test
  void apiKeysAreLeftToTheKeyLookupEvenWithTwoDots() {
    assertThat(configured.accepts("fm_live_AbCdEf0123456789")).isFalse();
    assertThat(configured.accepts("my.bootstrap.key")).isFalse();
  }

  @Test
  void nothingIsTakenWithoutIssuers() {
    OidcTokenAuthenticator none = new OidcTokenAuthenticator(new OidcProperties(List.of()));
    assertThat(none.accepts(jwt("{\"alg\":\"RS256\"}", "{\"iss\":\"x\"}"))).isFalse();
  }

  private static String jwt(String header, String claims) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }
}
