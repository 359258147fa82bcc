package io.flowmesh.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SsrfGuardTest {

  private static final Map<String, List<String>> DNS =
      Map.of(
          "hooks.example.com", List.of("93.184.215.14"),
          "rebind.example.com", List.of("93.184.215.14", "10.0.0.7"),
          "metadata.example.com", List.of("169.254.169.254"));

  private final SsrfGuard guard =
      SsrfGuard.of(
          new SsrfProperties(false, List.of()), SsrfGuardTest::resolve, "webhook endpoints");

  @Test
  void returnsTheCheckedAddressToConnectTo() throws Exception {
    CheckedTarget target = guard.check(URI.create("https://hooks.example.com/flowmesh"));

    assertThat(target.address().getHostAddress()).isEqualTo("93.184.215.14");
    assertThat(target.port()).isEqualTo(443);
  }

  @Test
  void refusesANameIfAnyOfItsAddressesIsForbidden() {
    assertThatThrownBy(() -> guard.check(URI.create("http://rebind.example.com/")))
        .isInstanceOf(ForbiddenTargetException.class)
        .hasMessage(
            "host 'rebind.example.com' resolves to 10.0.0.7, a private network address; webhook"
                + " endpoints must be publicly reachable (private)");
  }

  @Test
  void namesTheMetadataService() {
    assertThatThrownBy(() -> guard.check(URI.create("http://metadata.example.com/latest")))
        .hasMessageContaining("169.254.169.254, a cloud metadata service address");
    assertThatThrownBy(() -> guard.check(URI.create("http://169.254.169.254/latest")))
        .hasMessageStartingWith("169.254.169.254 is a cloud metadata service address");
  }

  @Test
  void refusesUnresolvableHostsAndWrongShapes() {
    assertThatThrownBy(() -> guard.check(URI.create("http://nowhere.example.com/")))
        .hasMessage("host 'nowhere.example.com' does not resolve");
    assertThatThrownBy(() -> guard.check(URI.create("file:///etc/passwd")))
        .hasMessage("scheme 'file' is not allowed; use http or https");
    assertThatThrownBy(() -> guard.check(URI.create("/relative")))
        .hasMessage("must be an absolute http or https URL");
    assertThatThrownBy(() -> guard.check(URI.create("http://user:pw@hooks.example.com/")))
        .hasMessage("must not contain user info (credentials)");
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    List<String> addresses = DNS.get(host);
    if (addresses == null) {
      if (host.matches("[0-9.]+")) {
        return new InetAddress[] {InetAddress.getByName(host)};
      }
      throw new UnknownHostException(host);
    }
    InetAddress[] result = new InetAddress[addresses.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = InetAddress.getByName(addresses.get(i));
    }
    return result;
  }
}
