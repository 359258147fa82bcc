package io.flowmesh.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}.
 *
 * @param network the network address bytes (4 or 16)
 * @param prefixLength how many leading bits are fixed
 */
record Cidr(byte[] network, int prefixLength) {

  /**
   * Parses {@code address/prefix}; a bare address is a single-address range.
   *
   * @throws IllegalArgumentException if it is not a literal address range
   */
  static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!address.contains(":") && !address.matches("[0-9.]+")) {
      // never resolve a name here: only literal addresses are ranges
      throw new IllegalArgumentException("Not an address range: " + text);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Not an address range: " + text, e);
    }
    int prefix;
    try {
      prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not an address range: " + text, e);
    }
    if (prefix < 0 || prefix > bytes.length * 8) {
      throw new IllegalArgumentException("Prefix length out of range: " + text);
    }
    return new Cidr(bytes, prefix);
  }

  boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  boolean contains(byte[] candidate) {
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - remainingBits)) & 0xff;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }
}
