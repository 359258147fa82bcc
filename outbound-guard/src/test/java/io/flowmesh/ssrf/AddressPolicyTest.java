package io.flowmesh.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  private final AddressPolicy strict = new AddressPolicy(false, List.of());

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, LOOPBACK",
    "127.255.0.9, LOOPBACK",
    "::1, LOOPBACK",
    "10.0.0.1, PRIVATE",
    "172.16.5.4, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.168.1.1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "169.254.169.254, METADATA",
    "100.100.100.200, METADATA",
    "fd00:ec2::254, METADATA",
    "169.254.1.1, LINK_LOCAL",
    "fe80::1, LINK_LOCAL",
    "fd12:3456::1, UNIQUE_LOCAL",
    "fc00::1, UNIQUE_LOCAL",
    "224.0.0.1, MULTICAST",
    "ff02::1, MULTICAST",
    "0.0.0.0, UNSPECIFIED",
    "::, UNSPECIFIED",
    "255.255.255.255, RESERVED",
    "192.0.2.10, RESERVED",
    "2001:db8::1, RESERVED",
    // IPv4 inside IPv6 is judged by the IPv4 address
    "::ffff:10.0.0.1, PRIVATE",
    "::ffff:169.254.169.254, METADATA",
    "64:ff9b::a9fe:a9fe, METADATA",
    "2002:7f00:0001::1, LOOPBACK",
    "::127.0.0.1, LOOPBACK",
  })
  void forbidsNonPublicAddresses(String address, AddressCategory category)
      throws UnknownHostException {
    assertThat(strict.forbidden(InetAddress.getByName(address))).hasValue(category);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.215.14",
        "8.8.8.8",
        "172.32.0.1",
        "2606:4700::6810:85e5",
        "2002:5db8:d70e::1"
      })
  void allowsPublicAddresses(String address) throws UnknownHostException {
    assertThat(strict.forbidden(InetAddress.getByName(address))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, true", "::1, true", "10.0.0.1, false", "169.254.169.254, false"})
  void theLoopbackSwitchAllowsLoopbackOnly(String address, boolean allowed)
      throws UnknownHostException {
    AddressPolicy loopback = new AddressPolicy(true, List.of());

    assertThat(loopback.forbidden(InetAddress.getByName(address)).isEmpty()).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({"10.20.3.4, true", "10.21.0.1, false", "fd00:1::5, true", "192.168.0.1, false"})
  void allowListedRangesAreAllowed(String address, boolean allowed) throws UnknownHostException {
    AddressPolicy policy =
        new AddressPolicy(false, List.of(Cidr.parse("10.20.0.0/16"), Cidr.parse("fd00:1::/32")));

    Optional<AddressCategory> verdict = policy.forbidden(InetAddress.getByName(address));

    assertThat(verdict.isEmpty()).isEqualTo(allowed);
  }
}
