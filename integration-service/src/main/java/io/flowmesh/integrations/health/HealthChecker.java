package io.flowmesh.integrations.health;

import io.flowmesh.integrations.connection.ConnectionRow;
import io.flowmesh.integrations.credentials.AuthHeaders;
import io.flowmesh.integrations.credentials.OAuth2TokenClient;
import io.flowmesh.integrations.credentials.TokenFetchException;
import io.flowmesh.integrations.health.CheckResult.Outcome;
import io.flowmesh.integrations.outbound.OutboundHttp;
import io.flowmesh.integrations.outbound.OutboundHttp.CallFailedException;
import io.flowmesh.integrations.provider.Provider;
import io.flowmesh.integrations.provider.Providers;
import io.flowmesh.ssrf.CheckedTarget;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.SsrfGuard;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * One health check per type: OAuth2 fetches a token, SMTP runs a NOOP dialogue, a provider's type
 * makes the provider's cheapest authenticated call ({@link ProviderProbe}), the HTTP types and
 * Slack GET the connection's optional health URL (the HTTP types with their auth header, so a
 * revoked credential shows). Every target passes the SSRF guard. Details never carry credentials.
 */
@Component
class HealthChecker {

  private final OutboundHttp http;
  private final OAuth2TokenClient tokens;
  private final SsrfGuard ssrf;
  private final HealthProperties properties;
  private final ProviderProbe providers;

  HealthChecker(
      OutboundHttp http,
      OAuth2TokenClient tokens,
      SsrfGuard ssrf,
      HealthProperties properties,
      ProviderProbe providers) {
    this.http = http;
    this.providers = providers;
    this.tokens = tokens;
    this.ssrf = ssrf;
    this.properties = properties;
  }

  CheckResult check(ConnectionRow row, JsonNode secrets) {
    long start = System.nanoTime();
    Outcome outcome;
    String detail;
    try {
      switch (row.type()) {
        case "oauth2-client-credentials" -> {
          tokens.fetch(row.settings(), secrets);
          outcome = Outcome.HEALTHY;
          detail = "token issued";
        }
        case "smtp" -> {
          String host = row.settings().path("host").asString("");
          int port = row.settings().path("port").asInt(587);
          CheckedTarget target = ssrf.check(URI.create("http://" + host + ":" + port + "/"));
          SmtpProbe.noop(target.address(), host, port, properties.timeout());
          outcome = Outcome.HEALTHY;
          detail = "NOOP answered 250";
        }
        default -> {
          Optional<Provider> provider = Providers.of(row.type());
          if (provider.isPresent()) {
            CheckResult result = providers.check(provider.get(), secrets, properties.timeout());
            return new CheckResult(result.outcome(), result.detail(), millisSince(start));
          }
          String url = row.settings().path("healthUrl").asString("");
          if (url.isEmpty()) {
            return new CheckResult(Outcome.NOT_CHECKED, "no health URL configured", 0);
          }
          Map<String, String> headers = AuthHeaders.of(row.type(), row.settings(), secrets);
          OutboundHttp.Response response = http.get(URI.create(url), headers, properties.timeout());
          boolean ok = response.status() >= 200 && response.status() < 300;
          outcome = ok ? Outcome.HEALTHY : Outcome.UNHEALTHY;
          detail = "HTTP " + response.status();
        }
      }
    } catch (TokenFetchException e) {
      outcome = Outcome.UNHEALTHY;
      detail = e.getMessage();
    } catch (CallFailedException e) {
      outcome = Outcome.UNHEALTHY;
      detail = e.getMessage();
    } catch (ForbiddenTargetException e) {
      outcome = Outcome.UNHEALTHY;
      detail = "blocked: " + e.getMessage();
    } catch (IOException e) {
      outcome = Outcome.UNHEALTHY;
      detail = "SMTP: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (IllegalArgumentException e) {
      outcome = Outcome.UNHEALTHY;
      detail = "invalid target address";
    }
    return new CheckResult(outcome, detail, millisSince(start));
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
