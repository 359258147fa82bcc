package io.flowmesh.ssrf;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether an outbound URL may be called: only http/https; resolve once and connect to the
 * checked address; deny loopback, private, link-local, metadata and unique-local ranges unless an
 * operator allows them (docs/architecture.md).
 *
 * <p>Every address the host resolves to must be allowed, not just the first: otherwise a name with
 * one public and one internal record would pass the check and might connect internally.
 */
public class SsrfGuard {

  private final AddressPolicy policy;
  private final HostResolver resolver;
  private final String targets;

  /**
   * @param properties what the operator allows beyond public addresses
   * @param targets what the guarded URLs are, for messages, e.g. {@code "webhook endpoints"}
   */
  public SsrfGuard(SsrfProperties properties, String targets) {
    this(AddressPolicy.from(properties), HostResolver.SYSTEM, targets);
  }

  SsrfGuard(AddressPolicy policy, HostResolver resolver, String targets) {
    this.policy = policy;
    this.resolver = resolver;
    this.targets = targets;
  }

  /** A guard with its own resolver, e.g. for tests. */
  public static SsrfGuard of(SsrfProperties properties, HostResolver resolver, String targets) {
    return new SsrfGuard(AddressPolicy.from(properties), resolver, targets);
  }

  /**
   * Checks the URL's form, resolves its host once and checks every address.
   *
   * @return the address to connect to
   * @throws ForbiddenTargetException with a user-facing reason
   */
  public CheckedTarget check(URI uri) throws ForbiddenTargetException {
    checkShape(uri);
    String host = uri.getHost();
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new ForbiddenTargetException("host '" + host + "' does not resolve");
    }
    if (addresses == null || addresses.length == 0) {
      throw new ForbiddenTargetException("host '" + host + "' does not resolve");
    }
    for (InetAddress address : addresses) {
      Optional<AddressCategory> category = policy.forbidden(address);
      if (category.isPresent()) {
        throw new ForbiddenTargetException(describe(host, address, category.get(), targets));
      }
    }
    return new CheckedTarget(uri, addresses[0]);
  }

  /**
   * Checks only the URL's form: absolute http or https with a host and no user info.
   *
   * @throws ForbiddenTargetException with a user-facing reason
   */
  public static void checkShape(URI uri) throws ForbiddenTargetException {
    if (!uri.isAbsolute() || uri.getScheme() == null) {
      throw new ForbiddenTargetException("must be an absolute http or https URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ForbiddenTargetException(
          "scheme '" + uri.getScheme() + "' is not allowed; use http or https");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new ForbiddenTargetException("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ForbiddenTargetException("must not contain user info (credentials)");
    }
    if (uri.getRawFragment() != null) {
      throw new ForbiddenTargetException("must not contain a fragment");
    }
  }

  private static String describe(
      String host, InetAddress address, AddressCategory category, String targets) {
    String literal = address.getHostAddress();
    String subject =
        stripBrackets(host).equalsIgnoreCase(literal)
            ? literal + " is "
            : "host '" + host + "' resolves to " + literal + ", ";
    return subject
        + category.description()
        + "; "
        + targets
        + " must be publicly reachable ("
        + category.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + ")";
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
