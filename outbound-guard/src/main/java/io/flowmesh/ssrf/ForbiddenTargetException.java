package io.flowmesh.ssrf;

/**
 * An outbound URL that must not be called: wrong scheme, unresolvable host, or a host that resolves
 * to a loopback, private, link-local, metadata or otherwise non-public address. The message says
 * which and is safe to show to the user who configured the URL.
 */
public class ForbiddenTargetException extends Exception {

  public ForbiddenTargetException(String message) {
    super(message);
  }
}
