package io.flowmesh.events.hook;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/hooks} and {@code PUT /api/v1/hooks/{id}}.
 *
 * @param name what it is for (required, at most 200 characters)
 * @param eventType the CloudEvent type of what it receives (required)
 * @param verification the scheme, its settings and, optionally, the secret
 * @param headers request headers to copy into the event as extensions (at most 20)
 * @param maxBodyBytes the largest body accepted (default and at most 1 MB, the gateway's limit)
 * @param respond what a delivery is answered with (default: 202 at once)
 * @param rateLimit how often the hook may be called (default: no limit)
 */
public record HookRequest(
    String name,
    String eventType,
    VerificationRequest verification,
    List<String> headers,
    Long maxBodyBytes,
    RespondRequest respond,
    RateLimitRequest rateLimit) {

  /**
   * @param mode {@code accepted} (default) or {@code run-output}
   * @param timeout an ISO-8601 duration, how long {@code run-output} waits (default PT10S, at most
   *     PT30S)
   */
  public record RespondRequest(String mode, String timeout) {}

  /**
   * @param requests at most this many deliveries (1 to 100,000) ...
   * @param per ... per this ISO-8601 duration (PT1S to PT24H)
   */
  public record RateLimitRequest(Integer requests, String per) {}

  static final Duration MAX_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The verification part of the request.
   *
   * @param scheme one of the schemes (required)
   * @param secret the shared secret; required for stripe and slack (the provider issues it),
   *     generated when absent for the others, kept when absent on a replace
   * @param header hmac: the header carrying the signature (required)
   * @param encoding hmac: {@code hex} (default) or {@code base64}
   * @param prefix hmac: text before the signature, e.g. {@code sha256=} (default none)
   * @param username basic: the user name (required)
   * @param toleranceSeconds stripe: how far the signed timestamp may be from now (default 300)
   */
  public record VerificationRequest(
      String scheme,
      String secret,
      String header,
      String encoding,
      String prefix,
      String username,
      Integer toleranceSeconds) {}

  static final long MAX_BODY_BYTES = 1024 * 1024;
  static final int STRIPE_TOLERANCE = 300;
  static final String HEX = "hex";
  static final String BASE64 = "base64";
  static final int MAX_HEADERS = 20;

  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

  /** CloudEvent context attributes a copied header must not pose as. */
  private static final Set<String> ATTRIBUTES =
      Set.of(
          "id",
          "source",
          "specversion",
          "type",
          "subject",
          "time",
          "data",
          "datacontenttype",
          "dataschema",
          "tenant");

  /**
   * @param replacing true for a replace, where an absent secret keeps the stored one
   * @throws InvalidRequestException naming every field that breaks a rule
   */
  void check(boolean replacing) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || name.isBlank()) {
      problems.add(new FieldProblem("name", "is required"));
    } else if (name.length() > 200) {
      problems.add(new FieldProblem("name", "must be at most 200 characters"));
    }
    if (eventType == null || !TYPE.matcher(eventType).matches()) {
      problems.add(
          new FieldProblem(
              "eventType",
              "is required: a CloudEvent type such as com.github.push (letters, digits, '.', '_',"
                  + " '-')"));
    }
    checkVerification(replacing, problems);
    if (headers != null) {
      if (headers.size() > MAX_HEADERS) {
        problems.add(new FieldProblem("headers", "lists at most " + MAX_HEADERS + " headers"));
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < headers.size(); i++) {
        String header = headers.get(i);
        if (header == null || !HEADER.matcher(header).matches()) {
          problems.add(new FieldProblem("headers[" + i + "]", "is not a header name"));
        } else if (ATTRIBUTES.contains(extensionName(header)) || extensionName(header).isEmpty()) {
          problems.add(
              new FieldProblem(
                  "headers[" + i + "]",
                  "would become the extension '"
                      + extensionName(header)
                      + "', which is not allowed"));
        } else if (!names.add(extensionName(header))) {
          problems.add(
              new FieldProblem(
                  "headers[" + i + "]",
                  "becomes the same extension as another header: '" + extensionName(header) + "'"));
        }
      }
    }
    checkResponse(problems);
    checkRateLimit(problems);
    if (maxBodyBytes != null && (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES)) {
      problems.add(
          new FieldProblem(
              "maxBodyBytes",
              "must be between 1 and " + MAX_BODY_BYTES + " (1 MB, the gateway's)"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  private void checkVerification(boolean replacing, List<FieldProblem> problems) {
    if (verification == null || verification.scheme() == null) {
      problems.add(new FieldProblem("verification.scheme", "is required: " + schemes()));
      return;
    }
    Scheme scheme = Scheme.of(verification.scheme()).orElse(null);
    if (scheme == null) {
      problems.add(new FieldProblem("verification.scheme", "must be one of " + schemes()));
      return;
    }
    String secret = verification.secret();
    if (secret == null) {
      if (scheme.providerIssuesSecret() && !replacing) {
        problems.add(
            new FieldProblem(
                "verification.secret", "is required: " + scheme.wireName() + " issues it"));
      }
    } else if (secret.isBlank() || secret.length() > 1000) {
      problems.add(new FieldProblem("verification.secret", "must be 1 to 1,000 characters"));
    } else if (scheme == Scheme.STANDARD_WEBHOOKS && !isStandardWebhooksSecret(secret)) {
      problems.add(
          new FieldProblem(
              "verification.secret", "must be whsec_ and base64, as the sender issues it"));
    }
    switch (scheme) {
      case HMAC -> {
        if (verification.header() == null || !HEADER.matcher(verification.header()).matches()) {
          problems.add(
              new FieldProblem("verification.header", "is required: the signature's header"));
        }
        if (verification.encoding() != null
            && !HEX.equals(verification.encoding())
            && !BASE64.equals(verification.encoding())) {
          problems.add(new FieldProblem("verification.encoding", "must be hex or base64"));
        }
      }
      case BASIC -> {
        if (verification.username() == null
            || verification.username().isBlank()
            || verification.username().contains(":")) {
          problems.add(new FieldProblem("verification.username", "is required, without ':'"));
        }
      }
      case STRIPE -> {
        Integer tolerance = verification.toleranceSeconds();
        if (tolerance != null && (tolerance < 1 || tolerance > 3600)) {
          problems.add(
              new FieldProblem("verification.toleranceSeconds", "must be between 1 and 3600"));
        }
      }
      default -> {}
    }
  }

  /** The settings as stored: only those of the scheme, with their defaults. */
  Verification settings() {
    Scheme scheme = Scheme.of(verification.scheme()).orElseThrow();
    return switch (scheme) {
      case HMAC ->
          new Verification(
              scheme.wireName(),
              verification.header(),
              verification.encoding() == null ? HEX : verification.encoding(),
              verification.prefix() == null ? "" : verification.prefix(),
              null,
              null);
      case BASIC ->
          new Verification(scheme.wireName(), null, null, null, verification.username(), null);
      case STRIPE ->
          new Verification(
              scheme.wireName(),
              null,
              null,
              null,
              null,
              verification.toleranceSeconds() == null
                  ? STRIPE_TOLERANCE
                  : verification.toleranceSeconds());
      default -> new Verification(scheme.wireName(), null, null, null, null, null);
    };
  }

  private void checkResponse(List<FieldProblem> problems) {
    if (respond == null) {
      return;
    }
    if (respond.mode() != null
        && !respond.mode().equals(Hook.Response.ACCEPTED)
        && !respond.mode().equals(Hook.Response.RUN_OUTPUT)) {
      problems.add(new FieldProblem("respond.mode", "is 'accepted' (the default) or 'run-output'"));
    }
    Duration timeout = duration(respond.timeout());
    if (respond.timeout() != null
        && (timeout == null
            || timeout.isNegative()
            || timeout.isZero()
            || timeout.compareTo(MAX_RESPONSE_TIMEOUT) > 0)) {
      problems.add(
          new FieldProblem(
              "respond.timeout", "is an ISO-8601 duration above zero and at most PT30S"));
    }
  }

  private void checkRateLimit(List<FieldProblem> problems) {
    if (rateLimit == null) {
      return;
    }
    if (rateLimit.requests() == null
        || rateLimit.requests() < 1
        || rateLimit.requests() > 100_000) {
      problems.add(new FieldProblem("rateLimit.requests", "is required, 1 to 100000"));
    }
    Duration per = duration(rateLimit.per());
    if (per == null
        || per.compareTo(Duration.ofSeconds(1)) < 0
        || per.compareTo(Duration.ofHours(24)) > 0) {
      problems.add(
          new FieldProblem(
              "rateLimit.per", "is required, an ISO-8601 duration from PT1S to PT24H"));
    }
  }

  private static Duration duration(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  Hook.Response responseSettings() {
    if (respond == null) {
      return Hook.Response.DEFAULT;
    }
    return new Hook.Response(
        respond.mode() == null ? Hook.Response.ACCEPTED : respond.mode(),
        respond.timeout() == null
            ? Hook.Response.DEFAULT.timeout()
            : Duration.parse(respond.timeout()));
  }

  Hook.RateLimit rateLimitSettings() {
    return rateLimit == null
        ? null
        : new Hook.RateLimit(rateLimit.requests(), Duration.parse(rateLimit.per()));
  }

  List<String> headerList() {
    return headers == null ? List.of() : List.copyOf(headers);
  }

  long bodyLimit() {
    return maxBodyBytes == null ? MAX_BODY_BYTES : maxBodyBytes;
  }

  /**
   * A header's extension name: lower case, letters and digits only ({@code X-GitHub-Event}: {@code
   * xgithubevent}).
   */
  static String extensionName(String header) {
    return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static boolean isStandardWebhooksSecret(String secret) {
    if (!secret.startsWith("whsec_")) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(secret.substring("whsec_".length())).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String schemes() {
    return "standard-webhooks, github, stripe, slack, hmac, basic or bearer";
  }
}
