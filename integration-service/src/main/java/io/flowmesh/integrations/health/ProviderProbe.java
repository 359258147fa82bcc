package io.flowmesh.integrations.health;

import io.flowmesh.integrations.health.CheckResult.Outcome;
import io.flowmesh.integrations.outbound.OutboundHttp;
import io.flowmesh.integrations.outbound.OutboundHttp.CallFailedException;
import io.flowmesh.integrations.provider.Provider;
import io.flowmesh.integrations.provider.ProviderProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A provider connection's health check: the provider's cheapest documented call with the
 * connection's credential, at the deployment's base URL. A refused credential, an error status and
 * a provider that does not answer are all unhealthy, each with a detail that says which.
 */
@Component
class ProviderProbe {

  private final OutboundHttp http;
  private final ProviderProperties properties;

  ProviderProbe(OutboundHttp http, ProviderProperties properties) {
    this.http = http;
    this.properties = properties;
  }

  /** Outcome and detail of one call; the caller times it. */
  CheckResult check(Provider provider, JsonNode secrets, Duration timeout) {
    Provider.Probe probe = provider.probe();
    if (probe == null) {
      return new CheckResult(
          Outcome.NOT_CHECKED, provider.type() + " has no free endpoint to check", 0);
    }
    URI url = URI.create(properties.baseUrl(provider).toString() + probe.path());
    Map<String, String> headers = provider.headersFor(secrets);
    String call = probe.method() + " " + url.getRawPath();
    OutboundHttp.Response response;
    try {
      response =
          "POST".equals(probe.method())
              ? http.postJson(url, headers, probe.jsonBody(), timeout)
              : http.get(url, headers, timeout);
    } catch (CallFailedException e) {
      return new CheckResult(
          Outcome.UNHEALTHY,
          provider.type() + " did not answer " + call + ": " + e.getMessage(),
          0);
    }
    int status = response.status();
    if (status == 401 || status == 403) {
      return new CheckResult(
          Outcome.UNHEALTHY,
          provider.type() + " refused the credentials (HTTP " + status + " from " + call + ")",
          0);
    }
    if (status < 200 || status >= 300) {
      return new CheckResult(
          Outcome.UNHEALTHY, "HTTP " + status + " from " + provider.type() + " (" + call + ")", 0);
    }
    // The POST probes are GraphQL queries (Linear), which may report a failure with a 200.
    if (probe.jsonBody() != null && response.body().contains("\"errors\"")) {
      return new CheckResult(
          Outcome.UNHEALTHY, provider.type() + " answered " + call + " with errors", 0);
    }
    return new CheckResult(Outcome.HEALTHY, "HTTP " + status + " from " + call, 0);
  }
}
