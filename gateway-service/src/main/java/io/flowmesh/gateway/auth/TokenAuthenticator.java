package io.flowmesh.gateway.auth;

import reactor.core.publisher.Mono;

/**
 * Authenticates bearer tokens that are not API keys, such as the JWT access tokens of an OpenID
 * Connect provider. The authentication filter asks each one whether it takes a token before it
 * looks the token up as an API key.
 */
public interface TokenAuthenticator {

  /** Whether this token is of the kind this authenticator decides on, judged by its form alone. */
  boolean accepts(String token);

  /**
   * @return the caller the token stands for; an error (401 or 503 problem) when it is not valid
   */
  Mono<ApiKeyOwner> authenticate(String token);
}
