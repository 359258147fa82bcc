package io.flowmesh.webhooks.subscription;

import io.flowmesh.outbox.UuidV7;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import io.flowmesh.webhooks.signing.WebhookSecrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Creating, reading, listing and deleting a tenant's subscriptions. */
@Service
class SubscriptionService {

  static final int MAX_URL_LENGTH = 2048;
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  private final SubscriptionRepository repository;
  private final SsrfGuard ssrf;

  SubscriptionService(SubscriptionRepository repository, SsrfGuard ssrf) {
    this.repository = repository;
    this.ssrf = ssrf;
  }

  /**
   * Creates a subscription with a new secret. With an idempotency key, a repeated identical request
   * returns the subscription created by the first one.
   */
  Created create(String tenant, String url, List<String> eventTypes, String idempotencyKey) {
    List<FieldProblem> problems = new ArrayList<>();
    URI uri = validUrl(url, problems);
    List<String> types = validEventTypes(eventTypes, problems);
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      problems.add(
          new FieldProblem(
              "Idempotency-Key",
              "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " non-blank characters"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    if (idempotencyKey != null) {
      Optional<Created> replay = replay(tenant, idempotencyKey, uri, types);
      if (replay.isPresent()) {
        return replay.get();
      }
    }
    try {
      ssrf.check(uri);
    } catch (ForbiddenTargetException e) {
      throw new InvalidRequestException("url", e.getMessage());
    }
    Subscription subscription =
        new Subscription(
            tenant,
            UuidV7.prefixed("whs"),
            uri,
            types,
            WebhookSecrets.generate(),
            SubscriptionState.ACTIVE,
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    try {
      repository.insert(subscription, idempotencyKey);
    } catch (DuplicateKeyException e) {
      // A concurrent request with the same idempotency key won the race.
      return replay(tenant, idempotencyKey, uri, types).orElseThrow(() -> e);
    }
    return new Created(subscription, false);
  }

  Subscription get(String tenant, String id) {
    return repository.find(tenant, id).orElseThrow(() -> new SubscriptionNotFoundException(id));
  }

  /** One page; the extra row fetched tells whether there is a next page. */
  Page list(String tenant, String afterId, int limit) {
    List<Subscription> rows = repository.list(tenant, afterId, limit + 1);
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    List<Subscription> items = rows.subList(0, limit);
    return new Page(items, items.getLast().id());
  }

  void delete(String tenant, String id) {
    if (!repository.delete(tenant, id)) {
      throw new SubscriptionNotFoundException(id);
    }
  }

  private Optional<Created> replay(
      String tenant, String idempotencyKey, URI uri, List<String> types) {
    return repository
        .findByIdempotencyKey(tenant, idempotencyKey)
        .map(
            existing -> {
              if (!existing.sameRequest(uri, types)) {
                throw new IdempotencyKeyReusedException();
              }
              return new Created(existing, true);
            });
  }

  private static URI validUrl(String url, List<FieldProblem> problems) {
    if (url == null || url.isBlank()) {
      problems.add(new FieldProblem("url", "is required"));
      return null;
    }
    if (url.length() > MAX_URL_LENGTH) {
      problems.add(new FieldProblem("url", "must be at most " + MAX_URL_LENGTH + " characters"));
      return null;
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      problems.add(new FieldProblem("url", "is not a valid URL: " + e.getReason()));
      return null;
    }
    try {
      SsrfGuard.checkShape(uri);
    } catch (ForbiddenTargetException e) {
      problems.add(new FieldProblem("url", e.getMessage()));
      return null;
    }
    return uri;
  }

  private static List<String> validEventTypes(
      List<String> eventTypes, List<FieldProblem> problems) {
    if (eventTypes == null) {
      problems.add(new FieldProblem("eventTypes", "is required"));
      return List.of();
    }
    if (eventTypes.isEmpty()) {
      problems.add(
          new FieldProblem(
              "eventTypes",
              "must contain at least one event type or pattern, e.g. io.flowmesh.run.*"));
      return List.of();
    }
    if (eventTypes.size() > EventTypeFilter.MAX_ENTRIES) {
      problems.add(
          new FieldProblem(
              "eventTypes", "must contain at most " + EventTypeFilter.MAX_ENTRIES + " entries"));
      return List.of();
    }
    for (int i = 0; i < eventTypes.size(); i++) {
      int index = i;
      EventTypeFilter.problem(eventTypes.get(i))
          .ifPresent(
              message -> problems.add(new FieldProblem("eventTypes[" + index + "]", message)));
    }
    return List.copyOf(new LinkedHashSet<>(eventTypes.stream().filter(t -> t != null).toList()));
  }

  /**
   * The result of a create request.
   *
   * @param subscription the subscription, with its secret
   * @param replayed whether an earlier request with the same idempotency key created it
   */
  record Created(Subscription subscription, boolean replayed) {}

  /**
   * One page of subscriptions.
   *
   * @param items in id (creation) order
   * @param lastId the id to continue after, or null on the last page
   */
  record Page(List<Subscription> items, String lastId) {}
}
