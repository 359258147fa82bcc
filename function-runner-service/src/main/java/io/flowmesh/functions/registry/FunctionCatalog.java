package io.flowmesh.functions.registry;

import io.flowmesh.web.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Registering, updating (as a new version) and disabling a tenant's functions. */
@Service
class FunctionCatalog {

  static final int MAX_IDEMPOTENCY_KEY = 255;

  private final FunctionRegistry registry;
  private final DefinitionValidator validator;
  private final JsonMapper json;

  FunctionCatalog(FunctionRegistry registry, DefinitionValidator validator, JsonMapper json) {
    this.registry = registry;
    this.validator = validator;
    this.json = json;
  }

  /**
   * Registers a new function. With an Idempotency-Key, repeating the identical request returns the
   * function it registered; the same key with a different body is a conflict.
   */
  @Transactional
  Registered register(String tenant, FunctionDefinition definition, String idempotencyKey) {
    if (idempotencyKey != null
        && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
      throw new InvalidRequestException(
          "Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " non-blank characters");
    }
    validator.validate(definition);
    String hash = hash(definition);
    if (idempotencyKey != null) {
      Optional<Registered> replay = replay(tenant, idempotencyKey, hash);
      if (replay.isPresent()) {
        return replay.get();
      }
    }
    if (registry.isPlatformSlug(definition.slug())) {
      throw new FunctionConflictException(
          "'" + definition.slug() + "' is a platform function; choose another slug.");
    }
    String version = definition.version() != null ? definition.version() : "1.0.0";
    if (!registry.insert(tenant, definition, version, idempotencyKey, hash)) {
      if (idempotencyKey != null) {
        // A concurrent request with the same key may have won the race.
        Optional<Registered> replay = replay(tenant, idempotencyKey, hash);
        if (replay.isPresent()) {
          return replay.get();
        }
      }
      throw new FunctionConflictException(
          "Function '"
              + definition.slug()
              + "' is already registered; publish a new version with PUT /api/v1/functions/"
              + definition.slug()
              + ".");
    }
    return new Registered(view(tenant, definition.slug()), false);
  }

  /**
   * Publishes a new version of the tenant's own function.
   *
   * @param expectedRevision the revision the client read (If-Match), or null to skip the check
   */
  @Transactional
  FunctionView update(
      String tenant, String slug, FunctionDefinition definition, Integer expectedRevision) {
    if (definition.slug() != null && !definition.slug().equals(slug)) {
      throw new InvalidRequestException("slug", "must be '" + slug + "' (the path) or absent");
    }
    FunctionDefinition complete = withSlug(definition, slug);
    validator.validate(complete);
    Map.Entry<Integer, String> current =
        registry
            .lockOwn(tenant, slug)
            .orElseThrow(
                () ->
                    registry.isPlatformSlug(slug)
                        ? platformFunction(slug)
                        : new FunctionNotFoundException(slug));
    if (expectedRevision != null && expectedRevision != current.getKey()) {
      throw new RevisionMismatchException(slug, current.getKey());
    }
    String version = complete.version();
    if (version == null) {
      version = nextVersion(current.getValue());
    } else if (version.equals(current.getValue())) {
      throw new InvalidRequestException(
          "version", "'" + version + "' is the current version; give a new one or leave it out");
    }
    registry.replace(tenant, complete, version);
    return view(tenant, slug);
  }

  /** Enables or disables the tenant's own function; repeating it changes nothing. */
  @Transactional
  FunctionView setEnabled(String tenant, String slug, boolean enabled) {
    if (!registry.setEnabled(tenant, slug, enabled)) {
      throw registry.isPlatformSlug(slug)
          ? platformFunction(slug)
          : new FunctionNotFoundException(slug);
    }
    return view(tenant, slug);
  }

  private Optional<Registered> replay(String tenant, String idempotencyKey, String hash) {
    return registry
        .findByIdempotencyKey(tenant, idempotencyKey)
        .map(
            earlier -> {
              if (!Objects.equals(earlier.getValue(), hash)) {
                throw new FunctionConflictException(
                    "This Idempotency-Key was already used for a different registration; use a"
                        + " new key for a new request.");
              }
              return new Registered(view(tenant, earlier.getKey()), true);
            });
  }

  private FunctionView view(String tenant, String slug) {
    return registry.find(tenant, slug).orElseThrow(() -> new FunctionNotFoundException(slug));
  }

  private static FunctionConflictException platformFunction(String slug) {
    return new FunctionConflictException(
        "'" + slug + "' is a platform function; it cannot be changed by a tenant.");
  }

  /** "1.4.2" becomes "1.4.3"; a label without a trailing number gets ".1". */
  static String nextVersion(String version) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.*?)(\\d+)$").matcher(version);
    if (m.matches()) {
      return m.group(1) + (Long.parseLong(m.group(2)) + 1);
    }
    return version + ".1";
  }

  private String hash(FunctionDefinition definition) {
    try {
      byte[] body = json.writeValueAsString(definition).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FunctionDefinition withSlug(FunctionDefinition d, String slug) {
    return new FunctionDefinition(
        slug,
        d.name(),
        d.description(),
        d.pluginId(),
        d.version(),
        d.executionType(),
        d.image(),
        d.command(),
        d.workingDir(),
        d.env(),
        d.resources(),
        d.webhookUrl(),
        d.webhookMethod(),
        d.webhookHeaders(),
        d.webhookTimeoutSeconds(),
        d.inputSchema(),
        d.outputSchema(),
        d.timeoutSeconds(),
        d.retryPolicy(),
        d.maxConcurrency(),
        d.integrationType(),
        d.deprecated());
  }

  /**
   * The result of a registration.
   *
   * @param function the function as stored
   * @param replayed whether an earlier request with the same Idempotency-Key registered it
   */
  record Registered(FunctionView function, boolean replayed) {}
}
