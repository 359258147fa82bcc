package io.flowmesh.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class BearerTokenTest {

  @Test
  void readsTheTokenAfterTheScheme() {
    assertThat(BearerToken.from(authorization("Bearer fm_key.1"))).isEqualTo("fm_key.1");
    assertThat(BearerToken.from(authorization("bearer fm_key.1"))).isEqualTo("fm_key.1");
    assertThat(BearerToken.from(authorization("Bearer   fm_key.1  "))).isEqualTo("fm_key.1");
  }

  @Test
  void missingHeaderSaysSo() {
    assertThatThrownBy(() -> BearerToken.from(new HttpHeaders()))
        .isInstanceOf(ApiKeyAuthenticationException.class)
        .satisfies(
            e ->
                assertThat(((ApiKeyAuthenticationException) e).getBody().getDetail())
                    .contains("no Authorization header"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearerfm_key", "a b c"})
  void anythingButOneBearerTokenIsRejected(String value) {
    assertThatThrownBy(() -> BearerToken.from(authorization(value)))
        .isInstanceOf(ApiKeyAuthenticationException.class)
        .satisfies(
            e ->
                assertThat(((ApiKeyAuthenticationException) e).getBody().getDetail())
                    .contains("not a single Bearer token"));
  }

  @Test
  void twoAuthorizationHeadersAreRejected() {
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.AUTHORIZATION, "Bearer one");
    headers.add(HttpHeaders.AUTHORIZATION, "Bearer two");

    assertThatThrownBy(() -> BearerToken.from(headers))
        .isInstanceOf(ApiKeyAuthenticationException.class);
  }

  private static HttpHeaders authorization(String value) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.AUTHORIZATION, value);
    return headers;
  }
}
