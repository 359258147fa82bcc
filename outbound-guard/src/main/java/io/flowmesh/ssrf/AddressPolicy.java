package io.flowmesh.ssrf;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Classifies addresses into public unicast (allowed) and the categories an outbound request must
 * not reach, then applies the operator's exceptions (loopback switch, allow-listed ranges).
 * Addresses that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by
 * the embedded address, so {@code ::ffff:169.254.169.254} is as forbidden as the plain form.
 */
final class AddressPolicy {

  private static final List<Range> IPV4 =
      List.of(
          new Range("169.254.169.254/32", AddressCategory.METADATA), // AWS, GCP, Azure, OpenStack
          new Range("100.100.100.200/32", AddressCategory.METADATA), // Alibaba Cloud
          new Range("0.0.0.0/8", AddressCategory.UNSPECIFIED),
          new Range("127.0.0.0/8", AddressCategory.LOOPBACK),
          new Range("169.254.0.0/16", AddressCategory.LINK_LOCAL),
          new Range("10.0.0.0/8", AddressCategory.PRIVATE),
          new Range("172.16.0.0/12", AddressCategory.PRIVATE),
          new Range("192.168.0.0/16", AddressCategory.PRIVATE),
          new Range("100.64.0.0/10", AddressCategory.PRIVATE), // shared address space (CGNAT)
          new Range("192.0.0.0/24", AddressCategory.RESERVED), // IETF protocol assignments
          new Range("192.0.2.0/24", AddressCategory.RESERVED), // documentation
          new Range("198.51.100.0/24", AddressCategory.RESERVED), // documentation
          new Range("203.0.113.0/24", AddressCategory.RESERVED), // documentation
          new Range("198.18.0.0/15", AddressCategory.RESERVED), // benchmarking
          new Range("192.88.99.0/24", AddressCategory.RESERVED), // 6to4 relay anycast
          new Range("224.0.0.0/4", AddressCategory.MULTICAST),
          new Range("240.0.0.0/4", AddressCategory.RESERVED)); // incl. 255.255.255.255

  private static final List<Range> IPV6 =
      List.of(
          new Range("fd00:ec2::254/128", AddressCategory.METADATA), // AWS IMDS over IPv6
          new Range("::/128", AddressCategory.UNSPECIFIED),
          new Range("::1/128", AddressCategory.LOOPBACK),
          new Range("fe80::/10", AddressCategory.LINK_LOCAL),
          new Range("fec0::/10", AddressCategory.PRIVATE), // deprecated site-local
          new Range("fc00::/7", AddressCategory.UNIQUE_LOCAL),
          new Range("ff00::/8", AddressCategory.MULTICAST),
          new Range("64:ff9b:1::/48", AddressCategory.PRIVATE), // local-use NAT64
          new Range("100::/64", AddressCategory.RESERVED), // discard-only
          new Range("2001::/32", AddressCategory.RESERVED), // Teredo
          new Range("2001:db8::/32", AddressCategory.RESERVED)); // documentation

  // Built by hand: InetAddress turns the literal ::ffff:0:0 into the IPv4 address 0.0.0.0.
  private static final Cidr IPV4_MAPPED =
      new Cidr(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}, 96);
  private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private final boolean allowLoopback;
  private final List<Cidr> allowed;

  AddressPolicy(boolean allowLoopback, List<Cidr> allowed) {
    this.allowLoopback = allowLoopback;
    this.allowed = List.copyOf(allowed);
  }

  static AddressPolicy from(SsrfProperties properties) {
    return new AddressPolicy(
        properties.allowLoopback(), properties.allowedCidrs().stream().map(Cidr::parse).toList());
  }

  /** Why the address may not be used, or empty if it may. */
  Optional<AddressCategory> forbidden(InetAddress address) {
    if (allowed.stream().anyMatch(range -> range.contains(address))) {
      return Optional.empty();
    }
    Optional<AddressCategory> category = classify(address.getAddress());
    if (allowLoopback && category.equals(Optional.of(AddressCategory.LOOPBACK))) {
      return Optional.empty();
    }
    return category;
  }

  /** The category of a non-public address, or empty for public unicast. */
  static Optional<AddressCategory> classify(byte[] address) {
    if (address.length == 4) {
      return match(IPV4, address);
    }
    if (IPV4_MAPPED.contains(address) || NAT64.contains(address)) {
      return classify(slice(address, 12));
    }
    Optional<AddressCategory> v6 = match(IPV6, address);
    if (v6.isPresent()) {
      return v6;
    }
    if (IPV4_COMPATIBLE.contains(address)) {
      return classify(slice(address, 12));
    }
    if (SIX_TO_FOUR.contains(address)) {
      return classify(slice(address, 2));
    }
    return Optional.empty();
  }

  private static Optional<AddressCategory> match(List<Range> ranges, byte[] address) {
    for (Range range : ranges) {
      if (range.cidr().contains(address)) {
        return Optional.of(range.category());
      }
    }
    return Optional.empty();
  }

  private static byte[] slice(byte[] address, int from) {
    byte[] v4 = new byte[4];
    System.arraycopy(address, from, v4, 0, 4);
    return v4;
  }

  private record Range(Cidr cidr, AddressCategory category) {
    Range(String cidr, AddressCategory category) {
      this(Cidr.parse(cidr), category);
    }
  }
}
