package io.flowmesh.integrations.provider;

import io.flowmesh.integrations.provider.Provider.Probe;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The providers of the shipped function packs, written from each provider's API reference: how its
 * credential is sent and the cheapest documented call that needs it (ADR 0050).
 */
public final class Providers {

  private static final String BEARER = "Bearer ";

  private static final Map<String, Provider> BY_TYPE =
      List.of(
              bearer("openai", "https://api.openai.com/v1", "apiKey", Probe.get("/models")),
              new Provider(
                  "github",
                  URI.create("https://api.github.com"),
                  "token",
                  "Authorization",
                  BEARER,
                  Map.of(
                      "Accept", "application/vnd.github+json",
                      "X-GitHub-Api-Version", "2022-11-28"),
                  Probe.get("/user")),
              // Personal API keys go without a scheme; the cheapest query is the key's own user.
              new Provider(
                  "linear",
                  URI.create("https://api.linear.app"),
                  "apiKey",
                  "Authorization",
                  "",
                  Map.of(),
                  Probe.post("/graphql", "{\"query\":\"{ viewer { id } }\"}")),
              bearer("stripe", "https://api.stripe.com/v1", "secretKey", Probe.get("/balance")),
              bearer("resend", "https://api.resend.com", "apiKey", Probe.get("/domains")),
              bearer("perplexity", "https://api.perplexity.ai", "apiKey", null),
              bearer(
                  "firecrawl",
                  "https://api.firecrawl.dev/v2",
                  "apiKey",
                  Probe.get("/team/credit-usage")),
              bearer(
                  "webflow", "https://api.webflow.com/v2", "token", Probe.get("/token/introspect")),
              bearer("clerk", "https://api.clerk.com/v1", "secretKey", Probe.get("/users/count")),
              new Provider(
                  "fal",
                  URI.create("https://api.fal.ai/v1"),
                  "apiKey",
                  "Authorization",
                  "Key ",
                  Map.of(),
                  Probe.get("/models?limit=1")),
              bearer("blob", "https://blob.vercel-storage.com", "token", Probe.get("/?limit=1")),
              bearer("superagent", "https://app.superagent.sh/api", "apiKey", null),
              bearer("v0", "https://api.v0.dev/v1", "apiKey", Probe.get("/user")))
          .stream()
          .collect(Collectors.toUnmodifiableMap(Provider::type, Function.identity()));

  private Providers() {}

  /** The provider whose connection type this is, if it is one. */
  public static Optional<Provider> of(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  public static List<Provider> all() {
    return BY_TYPE.values().stream().sorted((a, b) -> a.type().compareTo(b.type())).toList();
  }

  private static Provider bearer(String type, String baseUrl, String secretField, Probe probe) {
    return new Provider(
        type, URI.create(baseUrl), secretField, "Authorization", BEARER, Map.of(), probe);
  }
}
