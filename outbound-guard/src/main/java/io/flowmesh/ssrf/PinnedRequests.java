package io.flowmesh.ssrf;

import java.net.Inet6Address;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;

/**
 * Requests to a {@link CheckedTarget} that go to the checked address, so that a second DNS answer
 * cannot redirect them (DNS rebinding). For {@code http} the URL names the address and the original
 * authority travels in the Host header, which the JDK client allows only when started with {@code
 * -Djdk.httpclient.allowRestrictedHeaders=host}: services that call user URLs call {@link
 * #allowHostHeader()} first thing in {@code main}, so that pinning holds however they are started
 * (image, launcher, IDE). {@code https} connects by name right after the check: SNI and the
 * certificate check need the name.
 */
public final class PinnedRequests {

  static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

  private PinnedRequests() {}

  /**
   * Lets this JVM's HTTP client send a Host header, keeping any other headers already allowed. The
   * JDK reads the property once, when its HTTP client is first used: call this before that.
   */
  public static void allowHostHeader() {
    String allowed = System.getProperty(RESTRICTED_HEADERS, "").strip();
    boolean present =
        Arrays.stream(allowed.split(",")).anyMatch(h -> h.strip().equalsIgnoreCase("host"));
    if (!present) {
      System.setProperty(RESTRICTED_HEADERS, allowed.isEmpty() ? "host" : allowed + ",host");
    }
  }

  /** Whether plain-http requests are pinned, i.e. this JVM lets a request set the Host header. */
  public static boolean pinningAvailable() {
    return Probe.HOST_HEADER_ALLOWED;
  }

  /** A request builder for the target, pinned to its checked address where possible. */
  public static HttpRequest.Builder to(CheckedTarget target) {
    URI uri = target.uri();
    if (!pinningAvailable() || !"http".equalsIgnoreCase(uri.getScheme())) {
      return HttpRequest.newBuilder(uri);
    }
    String literal = target.address().getHostAddress().replace("%", "%25");
    String host = target.address() instanceof Inet6Address ? "[" + literal + "]" : literal;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    URI pinned = URI.create("http://" + host + ":" + target.port() + path + query);
    return HttpRequest.newBuilder(pinned).header("Host", uri.getRawAuthority());
  }

  /** Probed on first use, not when {@link #allowHostHeader()} loads this class. */
  private static final class Probe {
    static final boolean HOST_HEADER_ALLOWED = hostHeaderAllowed();

    private static boolean hostHeaderAllowed() {
      try {
        HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe");
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
