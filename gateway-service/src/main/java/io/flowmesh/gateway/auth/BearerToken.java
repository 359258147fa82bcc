package io.flowmesh.gateway.auth;

import java.util.List;
import org.springframework.http.HttpHeaders;

/** Reads the API key from an {@code Authorization: Bearer} header (RFC 6750 section 2.1). */
final class BearerToken {

  private static final String SCHEME = "Bearer";

  private BearerToken() {}

  /**
   * @return the token after {@code Bearer }
   * @throws ApiKeyAuthenticationException naming what is wrong with the header
   */
  static String from(HttpHeaders headers) {
    List<String> values = headers.getValuesAsList(HttpHeaders.AUTHORIZATION);
    if (values.isEmpty()) {
      throw ApiKeyAuthenticationException.missingHeader();
    }
    if (values.size() > 1) {
      throw ApiKeyAuthenticationException.notBearer();
    }
    String value = values.getFirst().strip();
    // The scheme is case-insensitive (RFC 9110 section 11.1).
    if (!value.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
      throw ApiKeyAuthenticationException.notBearer();
    }
    String token = value.substring(SCHEME.length() + 1).strip();
    if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
      throw ApiKeyAuthenticationException.notBearer();
    }
    return token;
  }
}
