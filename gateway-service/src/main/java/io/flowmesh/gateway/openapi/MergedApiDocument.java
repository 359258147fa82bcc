package io.flowmesh.gateway.openapi;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks every service for its OpenAPI document, in parallel and each with a deadline, and keeps the
 * merged document for a short while. A service that is down, slow or answers nonsense is left out
 * and named in the document: the reference stays readable while one service restarts.
 */
class MergedApiDocument {

  /** A document that lacks a service is asked for again soon, so a restart is not felt for long. */
  private static final Duration INCOMPLETE_TTL = Duration.ofSeconds(5);

  /** Documents with many examples run to a few hundred KiB; WebClient's default stops at 256. */
  private static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(MergedApiDocument.class);

  private final Map<String, Supplier<URI>> services;
  private final DocumentMerger merger;
  private final JsonMapper json;
  private final Duration fetchTimeout;
  private final WebClient http;
  private final Mono<String> cached;

  /**
   * @param services each service's short name and the URL of its document, in the order the merged
   *     document lists them; asked on every fetch, as the gateway's own port is known only once it
   *     listens
   */
  MergedApiDocument(
      Map<String, Supplier<URI>> services, ApiReferenceProperties properties, JsonMapper json) {
    this.services = services;
    this.merger = new DocumentMerger(properties.serverUrl());
    this.json = json;
    this.fetchTimeout = properties.fetchTimeout();
    this.http =
        WebClient.builder()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_DOCUMENT_BYTES))
            .build();
    Duration ttl = properties.cacheTtl();
    this.cached =
        Mono.defer(this::build)
            .cache(
                merged ->
                    merged.complete() || ttl.compareTo(INCOMPLETE_TTL) < 0 ? ttl : INCOMPLETE_TTL,
                error -> Duration.ZERO,
                () -> Duration.ZERO)
            .map(Merged::body);
  }

  /** The merged document as JSON. */
  Mono<String> json() {
    return cached;
  }

  private record Merged(String body, boolean complete) {}

  private Mono<Merged> build() {
    return Flux.fromIterable(services.entrySet())
        .flatMapSequential(service -> fetch(service.getKey(), service.getValue()))
        .collectList()
        .map(this::merge)
        .onErrorResume(
            e -> {
              // A bug of ours must not cost users the reference: serve the frame, say why.
              log.error("Could not merge the services' API documents", e);
              List<ServiceDocument> none =
                  services.keySet().stream()
                      .map(s -> ServiceDocument.missing(s, "its document could not be merged"))
                      .toList();
              return Mono.just(new Merged(json.writeValueAsString(merger.merge(none)), false));
            });
  }

  private Merged merge(List<ServiceDocument> documents) {
    List<String> missing =
        documents.stream()
            .filter(ServiceDocument::isMissing)
            .map(ServiceDocument::service)
            .toList();
    if (!missing.isEmpty()) {
      log.warn("The merged API document lacks {}", missing);
    }
    return new Merged(json.writeValueAsString(merger.merge(documents)), missing.isEmpty());
  }

  private Mono<ServiceDocument> fetch(String service, Supplier<URI> documentUrl) {
    return http.get()
        .uri(documentUrl.get())
        .retrieve()
        .bodyToMono(String.class)
        .timeout(fetchTimeout)
        .map(body -> parse(service, body))
        .onErrorResume(
            e -> {
              log.warn("No OpenAPI document from {}: {}", service, e.toString());
              return Mono.just(ServiceDocument.missing(service, reason(e)));
            })
        .defaultIfEmpty(ServiceDocument.missing(service, "it sent an empty document"));
  }

  private ServiceDocument parse(String service, String body) {
    JsonNode document;
    try {
      document = json.readTree(body);
    } catch (JacksonException e) {
      log.warn("{} sent an OpenAPI document that is not JSON: {}", service, e.getOriginalMessage());
      return ServiceDocument.missing(service, "its document is not JSON");
    }
    if (!(document instanceof ObjectNode object)
        || !document.path("openapi").isString()
        || !document.path("paths").isObject()) {
      return ServiceDocument.missing(service, "it sent no OpenAPI document");
    }
    return ServiceDocument.of(service, object);
  }

  /** Why, in words for the document's readers: never a host name or an exception message. */
  private static String reason(Throwable e) {
    if (e instanceof TimeoutException) {
      return "it did not answer in time";
    }
    if (e instanceof WebClientResponseException response) {
      return "it answered HTTP " + response.getStatusCode().value();
    }
    return "it is not reachable";
  }
}
