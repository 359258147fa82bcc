package io.flowmesh.gateway.keys;

import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.auth.BootstrapKeyProperties;
import io.flowmesh.gateway.paging.PageRequest;
import io.flowmesh.gateway.problem.ApiProblems;
import io.flowmesh.gateway.scopes.InsufficientScopeException;
import io.flowmesh.gateway.scopes.Scope;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Issues, lists, revokes and rotates API keys. A key can only hand on scopes it holds itself, so no
 * key can make a stronger one; {@code platform:admin} exists only on keys of the platform tenant
 * (the bootstrap key's). Blocking: callers run it on {@code Blocking}.
 */
@Service
public class ApiKeyService {

  private static final int MAX_NAME_LENGTH = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiKeyStore store;
  private final DatabaseApiKeyRegistry registry;
  private final ApiKeyProperties properties;
  private final Optional<String> platformTenant;
  private final Clock clock;

  ApiKeyService(
      ApiKeyStore store,
      DatabaseApiKeyRegistry registry,
      ApiKeyProperties properties,
      BootstrapKeyProperties bootstrap,
      Clock clock) {
    this.store = store;
    this.registry = registry;
    this.properties = properties;
    this.platformTenant = Optional.ofNullable(bootstrap.tenant()).filter(t -> !t.isBlank());
    this.clock = clock;
  }

  /**
   * What a client asks for when it creates a key.
   *
   * @param name what the key is for, 1 to 100 characters
   * @param scopes scope names, e.g. {@code runs:read}
   * @param expiresAt when it stops working by itself; null for never
   */
  public record NewKey(String name, List<String> scopes, Instant expiresAt) {}

  /** A key with the one copy of its secret there will ever be. */
  public record Issued(ApiKey key, String secret) {}

  /** One page of keys; {@code nextCursor} null on the last page. */
  public record Page(List<ApiKey> items, String nextCursor) {}

  /** Whether this tenant is the platform's own, whose keys may hold {@code platform:admin}. */
  public boolean isPlatformTenant(String tenant) {
    return platformTenant.filter(tenant::equals).isPresent();
  }

  /**
   * Issues a key for {@code tenant}: the creator's own, or any tenant for a platform admin.
   *
   * @throws org.springframework.web.ErrorResponseException 400 for a bad name, unknown or empty
   *     scopes or a past expiry; 403 for a scope the creator may not hand on
   */
  public Issued create(ApiKeyOwner creator, String tenant, NewKey request) {
    String name = validName(request.name());
    Set<Scope> scopes = validScopes(request.scopes());
    boolean forOwnTenant = creator.tenant().equals(tenant);
    if (scopes.contains(Scope.PLATFORM_ADMIN) && !isPlatformTenant(tenant)) {
      throw ApiProblems.invalid(
          "scopes", "may contain 'platform:admin' only for keys of the platform tenant");
    }
    for (Scope scope : scopes) {
      // A platform admin sets up other tenants' keys with any of their scopes; within a tenant a
      // key hands on only what it holds.
      boolean mayGrant =
          creator.holds(scope)
              || (!forOwnTenant
                  && creator.holds(Scope.PLATFORM_ADMIN)
                  && scope != Scope.PLATFORM_ADMIN);
      if (!mayGrant) {
        throw new InsufficientScopeException(
            scope,
            "The API key cannot grant the scope '"
                + scope.wireName()
                + "', which it does not hold itself.");
      }
    }
    Instant now = clock.instant();
    if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
      throw ApiProblems.invalid("expiresAt", "must be in the future");
    }
    IssuedSecret secret = IssuedSecret.generate();
    ApiKey key =
        new ApiKey(
            newId(),
            tenant,
            name,
            secret.prefix(),
            scopes,
            now,
            creator.keyId(),
            request.expiresAt(),
            null,
            null);
    store.insert(key, secret);
    return new Issued(key, secret.secret());
  }

  public Page list(String tenant, PageRequest page) {
    List<ApiKey> keys = store.list(tenant, page.after(), page.limit() + 1);
    if (keys.size() <= page.limit()) {
      return new Page(keys, null);
    }
    List<ApiKey> items = keys.subList(0, page.limit());
    return new Page(items, PageRequest.cursorAfter(items.getLast().id()));
  }

  /**
   * @throws org.springframework.web.ErrorResponseException 404 unless the tenant has this key
   */
  public ApiKey get(String tenant, String id) {
    return store.find(tenant, id).orElseThrow(() -> ApiProblems.notFound("API key " + id));
  }

  /** Revokes the key at once on this replica, within the cache TTL on the others; idempotent. */
  public ApiKey revoke(String tenant, String id) {
    ApiKey key = get(tenant, id);
    if (!key.isRevoked()) {
      store.revoke(tenant, id, clock.instant());
      registry.forget(id);
    }
    return get(tenant, id);
  }

  /**
   * Gives the key a new secret. The old one keeps working for {@code overlap} (zero: not at all),
   * so clients can switch without a gap.
   */
  public Issued rotate(String tenant, String id, Duration overlap) {
    Objects.requireNonNull(overlap, "overlap");
    if (overlap.isNegative() || overlap.compareTo(properties.maxRotationOverlap()) > 0) {
      throw ApiProblems.invalid(
          "overlapSeconds", "must be between 0 and " + properties.maxRotationOverlap().toSeconds());
    }
    ApiKey key = get(tenant, id);
    Instant now = clock.instant();
    if (key.isRevoked()) {
      throw ApiProblems.conflict("The API key " + id + " is revoked; a revoked key cannot rotate.");
    }
    if (key.isExpiredAt(now)) {
      throw ApiProblems.conflict("The API key " + id + " has expired; create a new one instead.");
    }
    IssuedSecret secret = IssuedSecret.generate();
    store.rotate(id, secret, now, now.plus(overlap));
    registry.forget(id);
    return new Issued(get(tenant, id), secret.secret());
  }

  private static String validName(String name) {
    if (name == null || name.isBlank()) {
      throw ApiProblems.invalid("name", "is required");
    }
    String trimmed = name.strip();
    if (trimmed.length() > MAX_NAME_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw ApiProblems.invalid(
          "name", "must be at most " + MAX_NAME_LENGTH + " characters without control characters");
    }
    return trimmed;
  }

  private static Set<Scope> validScopes(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw ApiProblems.invalid("scopes", "must name at least one scope");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : names) {
      scopes.add(
          Scope.fromWireName(name)
              .orElseThrow(
                  () ->
                      ApiProblems.invalid(
                          "scopes",
                          "contains the unknown scope '"
                              + printable(name)
                              + "' (docs/security.md lists the scopes)")));
    }
    return scopes;
  }

  /** Echoes a client's value only in a short, harmless form. */
  private static String printable(String value) {
    if (value == null) {
      return "null";
    }
    String cleaned = value.replaceAll("[^A-Za-z0-9:._-]", "?");
    return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
  }

  private static String newId() {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    return "key_" + HexFormat.of().formatHex(random);
  }
}
