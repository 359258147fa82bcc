package io.flowmesh.webhooks.subscription;

import io.flowmesh.model.TenantId;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.tenantdata.TenantQuotas;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import io.flowmesh.webhooks.signing.WebhookSecrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Creating, reading, listing, updating and deleting a tenant's subscriptions. */
@Service
class SubscriptionService {

  static final int MAX_URL_LENGTH = 2048;
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  private final TenantQuotas quotas;
  private final TransactionTemplate transactions;
  private final SubscriptionRepository repository;
  private final SsrfGuard ssrf;
  private final SubscriptionProperties properties;
  private final ApplicationEventPublisher events;

  SubscriptionService(
      SubscriptionRepository repository,
      SsrfGuard ssrf,
      SubscriptionProperties properties,
      ApplicationEventPublisher events,
      TenantQuotas quotas,
      PlatformTransactionManager transactions) {
    this.quotas = quotas;
    this.transactions = new TransactionTemplate(transactions);
    this.repository = repository;
    this.ssrf = ssrf;
    this.properties = properties;
    this.events = events;
  }

  /**
   * What a create or a full update asks for, as the client sent it.
   *
   * @param url endpoint
   * @param eventTypes types or patterns
   * @param filter CEL filter or null
   * @param orderingKey CEL key expression or null
   * @param rateLimit deliveries per second or null
   * @param failurePolicy {@code block} or {@code skip}, null for block
   */
  record Draft(
      String url,
      List<String> eventTypes,
      String filter,
      String orderingKey,
      Integer rateLimit,
      String failurePolicy) {}

  /** A validated draft. */
  private record Valid(URI url, List<String> eventTypes, Subscription.Settings settings) {}

  /**
   * Creates a subscription with a new secret. With an idempotency key, a repeated identical request
   * returns the subscription created by the first one.
   */
  Created create(TenantId tenant, Draft draft, String idempotencyKey) {
    List<FieldProblem> problems = new ArrayList<>();
    Valid valid = validate(draft, problems);
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
      Optional<Created> replay = replay(tenant, idempotencyKey, valid);
      if (replay.isPresent()) {
        return replay.get();
      }
    }
    checkTarget(valid.url());
    Subscription subscription =
        Subscription.create(
            tenant, valid.url(), valid.eventTypes(), valid.settings(), idempotencyKey);
    try {
      // The quota's check and the insert in one transaction; a duplicate key ends it, and the
      // replay below reads what the concurrent request stored.
      return new Created(
          transactions.execute(
              status -> {
                quotas.checkOneMore(
                    tenant,
                    "subscriptions",
                    "webhook subscriptions",
                    () -> repository.countByTenant(tenant));
                return repository.save(subscription);
              }),
          false);
    } catch (DuplicateKeyException e) {
      // A concurrent request with the same idempotency key won the race.
      return replay(tenant, idempotencyKey, valid).orElseThrow(() -> e);
    }
  }

  Subscription get(TenantId tenant, SubscriptionId id) {
    return repository
        .findByTenantAndId(tenant, id)
        .orElseThrow(() -> new SubscriptionNotFoundException(id));
  }

  /**
   * Applies a change if {@code ifMatch} is the current ETag.
   *
   * @param change turns the current subscription into the draft to save
   */
  Subscription update(
      TenantId tenant,
      SubscriptionId id,
      String ifMatch,
      java.util.function.Function<Draft, Draft> change) {
    Subscription current = get(tenant, id);
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new PreconditionFailedException(
          "Updates need an If-Match header with the subscription's ETag (from a GET), so that"
              + " concurrent changes are not lost.",
          true);
    }
    if (!matches(ifMatch, current.etag())) {
      throw stale(current);
    }
    Draft draft = change.apply(draftOf(current));
    List<FieldProblem> problems = new ArrayList<>();
    Valid valid = validate(draft, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    if (!valid.url().equals(current.url())) {
      checkTarget(valid.url());
    }
    try {
      repository.save(current.change(valid.url(), valid.eventTypes(), valid.settings()));
    } catch (OptimisticLockingFailureException e) {
      throw stale(get(tenant, id));
    }
    return get(tenant, id);
  }

  /** Disables an active subscription at the tenant's request. */
  Subscription disable(TenantId tenant, SubscriptionId id) {
    Subscription current = get(tenant, id);
    if (!repository.disable(tenant, id, "disabled through the API")) {
      throw new SubscriptionConflictException(
          "Webhook subscription '" + id + "' is already " + current.state() + ".");
    }
    return get(tenant, id);
  }

  /** Enables a disabled subscription; its queued deliveries resume in order. */
  @Transactional
  Subscription enable(TenantId tenant, SubscriptionId id) {
    Subscription current = get(tenant, id);
    if (!repository.enable(tenant, id)) {
      throw new SubscriptionConflictException(
          "Webhook subscription '" + id + "' is already " + current.state() + ".");
    }
    // The delivery engine re-schedules the waiting heads in this transaction.
    events.publishEvent(new SubscriptionEnabled(tenant, id));
    return get(tenant, id);
  }

  /**
   * Issues a new secret; the current one keeps signing (a second {@code v1,} signature) for the
   * overlap, so receivers can switch without dropping a request.
   */
  Rotated rotate(TenantId tenant, SubscriptionId id, Duration overlap) {
    Duration window = overlap == null ? properties.secretOverlap() : overlap;
    if (window.isNegative() || window.compareTo(properties.maxSecretOverlap()) > 0) {
      throw new InvalidRequestException(
          "overlap", "must be between PT0S and " + properties.maxSecretOverlap());
    }
    get(tenant, id);
    String secret = WebhookSecrets.generate();
    Instant until = Instant.now().plus(window).truncatedTo(ChronoUnit.MICROS);
    if (!repository.rotate(tenant, id, secret, until)) {
      throw new SubscriptionNotFoundException(id);
    }
    return new Rotated(get(tenant, id), secret, until);
  }

  /** One page; the extra row fetched tells whether there is a next page. */
  Page list(TenantId tenant, SubscriptionId afterId, int limit) {
    List<Subscription> rows =
        afterId == null
            ? repository.findByTenantOrderById(tenant, Limit.of(limit + 1))
            : repository.findByTenantAndIdGreaterThanOrderById(
                tenant, afterId, Limit.of(limit + 1));
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    List<Subscription> items = rows.subList(0, limit);
    return new Page(items, items.getLast().id());
  }

  void delete(TenantId tenant, SubscriptionId id) {
    if (!repository.delete(tenant, id)) {
      throw new SubscriptionNotFoundException(id);
    }
  }

  private static boolean matches(String ifMatch, String etag) {
    for (String candidate : ifMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static PreconditionFailedException stale(Subscription current) {
    return new PreconditionFailedException(
        "The subscription changed since you read it: If-Match does not match its ETag "
            + current.etag()
            + ". Read it again and reapply your change.",
        false);
  }

  private static Draft draftOf(Subscription s) {
    return new Draft(
        s.url().toString(),
        s.eventTypes(),
        s.settings().filter(),
        s.settings().orderingKey(),
        s.settings().rateLimit(),
        s.settings().failurePolicy().name());
  }

  private void checkTarget(URI uri) {
    try {
      ssrf.check(uri);
    } catch (ForbiddenTargetException e) {
      throw new InvalidRequestException("url", e.getMessage());
    }
  }

  private Optional<Created> replay(TenantId tenant, String idempotencyKey, Valid valid) {
    return repository
        .findByTenantAndIdempotencyKey(tenant, idempotencyKey)
        .map(
            existing -> {
              if (!existing.sameRequest(valid.url(), valid.eventTypes(), valid.settings())) {
                throw new IdempotencyKeyReusedException();
              }
              return new Created(existing, true);
            });
  }

  private Valid validate(Draft draft, List<FieldProblem> problems) {
    URI uri = validUrl(draft.url(), problems);
    List<String> types = validEventTypes(draft.eventTypes(), problems);
    if (draft.filter() != null) {
      CelExpressions.filterProblem(draft.filter())
          .ifPresent(message -> problems.add(new FieldProblem("filter", message)));
    }
    if (draft.orderingKey() != null) {
      CelExpressions.keyProblem(draft.orderingKey())
          .ifPresent(message -> problems.add(new FieldProblem("orderingKey", message)));
    }
    if (draft.rateLimit() != null
        && (draft.rateLimit() < 1 || draft.rateLimit() > properties.maxRateLimit())) {
      problems.add(
          new FieldProblem(
              "rateLimit",
              "must be between 1 and "
                  + properties.maxRateLimit()
                  + " deliveries per second, or null for no limit"));
    }
    FailurePolicy policy = FailurePolicy.BLOCK;
    if (draft.failurePolicy() != null) {
      try {
        policy = FailurePolicy.valueOf(draft.failurePolicy().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem("failurePolicy", "must be 'block' or 'skip'"));
      }
    }
    return new Valid(
        uri,
        types,
        new Subscription.Settings(draft.filter(), draft.orderingKey(), draft.rateLimit(), policy));
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
   * The result of a rotation.
   *
   * @param subscription the subscription after it
   * @param secret the new secret, shown only here
   * @param previousSecretExpiresAt until when the old secret also signs
   */
  record Rotated(Subscription subscription, String secret, Instant previousSecretExpiresAt) {}

  /**
   * One page of subscriptions.
   *
   * @param items in id (creation) order
   * @param lastId the id to continue after, or null on the last page
   */
  record Page(List<Subscription> items, SubscriptionId lastId) {}
}
