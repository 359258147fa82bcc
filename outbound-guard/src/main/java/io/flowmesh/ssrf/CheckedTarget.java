package io.flowmesh.ssrf;

import java.net.InetAddress;
import java.net.URI;

/**
 * An endpoint URL whose host was resolved and found allowed. Connect to {@link #address()}, not to
 * the host name again: a second lookup could answer differently (DNS rebinding).
 *
 * @param uri the endpoint as configured
 * @param address the checked address to connect to
 */
public record CheckedTarget(URI uri, InetAddress address) {

  /** The port to connect to, the scheme's default if the URL names none. */
  public int port() {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
