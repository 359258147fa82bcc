package io.flowmesh.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class PinnedRequestsTest {

  static {
    // as the services' main methods do, before anything touches the JDK HTTP client
    PinnedRequests.allowHostHeader();
  }

  @Test
  void allowingTheHostHeaderKeepsHeadersAllowedBefore() {
    String before = System.getProperty(PinnedRequests.RESTRICTED_HEADERS);
    try {
      System.setProperty(PinnedRequests.RESTRICTED_HEADERS, "connection");
      PinnedRequests.allowHostHeader();
      PinnedRequests.allowHostHeader();
      assertThat(System.getProperty(PinnedRequests.RESTRICTED_HEADERS))
          .isEqualTo("connection,host");
    } finally {
      if (before == null) {
        System.clearProperty(PinnedRequests.RESTRICTED_HEADERS);
      } else {
        System.setProperty(PinnedRequests.RESTRICTED_HEADERS, before);
      }
    }
  }

  @Test
  void httpsAlwaysConnectsByNameForSniAndCertificateChecks() throws Exception {
    CheckedTarget target =
        new CheckedTarget(
            URI.create("https://api.example.com/v1?q=1"), InetAddress.getByName("93.184.216.34"));

    HttpRequest request = PinnedRequests.to(target).build();

    assertThat(request.uri()).isEqualTo(URI.create("https://api.example.com/v1?q=1"));
    assertThat(request.headers().firstValue("Host")).isEmpty();
  }

  @Test
  void plainHttpGoesToTheCheckedAddressWithTheOriginalHostWhenTheJvmAllowsIt() throws Exception {
    CheckedTarget target =
        new CheckedTarget(
            URI.create("http://api.example.com:8080/hooks?a=b"),
            InetAddress.getByName("93.184.216.34"));

    HttpRequest request = PinnedRequests.to(target).build();

    assertThat(PinnedRequests.pinningAvailable()).isTrue();
    assertThat(request.uri()).isEqualTo(URI.create("http://93.184.216.34:8080/hooks?a=b"));
    assertThat(request.headers().firstValue("Host")).hasValue("api.example.com:8080");
  }

  @Test
  void ipv6AddressesAreBracketedAndAnEmptyPathBecomesSlash() throws Exception {
    CheckedTarget target =
        new CheckedTarget(
            URI.create("http://v6.example.com"), InetAddress.getByName("2001:db8::1"));

    HttpRequest request = PinnedRequests.to(target).build();

    assertThat(request.uri()).isEqualTo(URI.create("http://[2001:db8:0:0:0:0:0:1]:80/"));
  }
}
