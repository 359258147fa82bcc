package io.flowmesh.integrations.credentials;

/** The token endpoint gave no token. The message names the cause, never a credential. */
public class TokenFetchException extends RuntimeException {

  public TokenFetchException(String message) {
    super(message);
  }
}
