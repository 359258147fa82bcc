package io.flowmesh.events.hook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.flowmesh.events.hook.Verifier.Delivery;
import io.flowmesh.events.hook.Verifier.Reason;
import io.flowmesh.events.hook.Verifier.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The checks of each scheme, as its provider documents them. Signatures and credentials are
 * compared with {@link MessageDigest#isEqual}, whose time does not depend on where they differ.
 * Standard Webhooks is checked by the specification's official library.
 */
final class Verifiers {

  static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
  static final String STRIPE_SIGNATURE = "Stripe-Signature";
  static final String SLACK_SIGNATURE = "X-Slack-Signature";
  static final String SLACK_TIMESTAMP = "X-Slack-Request-Timestamp";

  /** Slack's documented window, as the Standard Webhooks library's own. */
  static final long SLACK_TOLERANCE_SECONDS = 300;

  private Verifiers() {}

  /**
   * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} (official library).
   */
  static Optional<Refusal> standardWebhooks(
      Verification settings, String secret, Delivery delivery) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    delivery.headers().forEach(headers::put);
    try {
      new Webhook(secret).verify(new String(delivery.body(), StandardCharsets.UTF_8), headers);
      return Optional.empty();
    } catch (EmptyWebhookSecretException e) {
      throw new IllegalStateException("A standard-webhooks hook has an empty secret", e);
    } catch (WebhookVerificationException e) {
      // The library's messages are fixed texts; each is mapped, none is echoed.
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("Missing required headers")) {
        return refuse(
            Reason.MISSING_HEADER,
            "webhook-id, webhook-timestamp and webhook-signature are required");
      }
      if (message.startsWith("Message timestamp")) {
        return refuse(Reason.STALE_TIMESTAMP, "webhook-timestamp is more than 5 minutes from now");
      }
      if (message.startsWith("Invalid Signature Headers")) {
        return refuse(Reason.MALFORMED_HEADER, "webhook-timestamp is not a Unix time in seconds");
      }
      return refuse(Reason.BAD_SIGNATURE, "no webhook-signature matches the request");
    }
  }

  /** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
  static Optional<Refusal> github(Verification settings, String secret, Delivery delivery) {
    String header = delivery.headers().getFirst(GITHUB_SIGNATURE);
    if (header == null) {
      return missing(GITHUB_SIGNATURE);
    }
    if (!header.startsWith("sha256=")) {
      return refuse(Reason.MALFORMED_HEADER, GITHUB_SIGNATURE + " does not start with sha256=");
    }
    byte[] presented = hex(header.substring("sha256=".length()));
    if (presented == null) {
      return refuse(Reason.MALFORMED_HEADER, GITHUB_SIGNATURE + " is not a hex signature");
    }
    return matches(hmac(secret, delivery.body()), presented)
        ? Optional.empty()
        : badSignature(GITHUB_SIGNATURE);
  }

  /**
   * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">[,v1=...]}; the
   * timestamp within the hook's tolerance.
   */
  static Optional<Refusal> stripe(Verification settings, String secret, Delivery delivery) {
    String header = delivery.headers().getFirst(STRIPE_SIGNATURE);
    if (header == null) {
      return missing(STRIPE_SIGNATURE);
    }
    String timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String element : header.split(",")) {
      String[] pair = element.trim().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        timestamp = pair[1];
      } else if (pair.length == 2 && pair[0].equals("v1")) {
        byte[] signature = hex(pair[1]);
        if (signature != null) {
          signatures.add(signature);
        }
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return refuse(
          Reason.MALFORMED_HEADER, STRIPE_SIGNATURE + " needs t= and at least one hex v1=");
    }
    long tolerance =
        settings.toleranceSeconds() == null
            ? HookRequest.STRIPE_TOLERANCE
            : settings.toleranceSeconds();
    Optional<Refusal> stale = stale(STRIPE_SIGNATURE + " t=", timestamp, tolerance, delivery);
    if (stale.isPresent()) {
      return stale;
    }
    byte[] expected = hmac(secret, concat(timestamp + ".", delivery.body()));
    for (byte[] signature : signatures) {
      if (matches(expected, signature)) {
        return Optional.empty();
      }
    }
    return badSignature(STRIPE_SIGNATURE);
  }

  /**
   * {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:timestamp:body">} with {@code
   * X-Slack-Request-Timestamp} within 5 minutes.
   */
  static Optional<Refusal> slack(Verification settings, String secret, Delivery delivery) {
    String signature = delivery.headers().getFirst(SLACK_SIGNATURE);
    String timestamp = delivery.headers().getFirst(SLACK_TIMESTAMP);
    if (signature == null) {
      return missing(SLACK_SIGNATURE);
    }
    if (timestamp == null) {
      return missing(SLACK_TIMESTAMP);
    }
    Optional<Refusal> stale = stale(SLACK_TIMESTAMP, timestamp, SLACK_TOLERANCE_SECONDS, delivery);
    if (stale.isPresent()) {
      return stale;
    }
    byte[] presented = signature.startsWith("v0=") ? hex(signature.substring(3)) : null;
    if (presented == null) {
      return refuse(Reason.MALFORMED_HEADER, SLACK_SIGNATURE + " is not v0= and a hex signature");
    }
    byte[] expected = hmac(secret, concat("v0:" + timestamp + ":", delivery.body()));
    return matches(expected, presented) ? Optional.empty() : badSignature(SLACK_SIGNATURE);
  }

  /** HMAC-SHA256 of the body, hex or base64, in the hook's header after its prefix. */
  static Optional<Refusal> hmac(Verification settings, String secret, Delivery delivery) {
    String name = settings.header();
    String header = delivery.headers().getFirst(name);
    if (header == null) {
      return missing(name);
    }
    String prefix = settings.prefix() == null ? "" : settings.prefix();
    if (!header.startsWith(prefix)) {
      return refuse(Reason.MALFORMED_HEADER, name + " does not start with the hook's prefix");
    }
    String value = header.substring(prefix.length()).trim();
    byte[] presented = HookRequest.BASE64.equals(settings.encoding()) ? base64(value) : hex(value);
    if (presented == null) {
      return refuse(
          Reason.MALFORMED_HEADER, name + " is not a " + settings.encoding() + " signature");
    }
    return matches(hmac(secret, delivery.body()), presented)
        ? Optional.empty()
        : badSignature(name);
  }

  /** {@code Authorization: Basic base64(username:password)}. */
  static Optional<Refusal> basic(Verification settings, String secret, Delivery delivery) {
    Optional<String> credentials = authorization(delivery, "Basic");
    if (credentials.isEmpty()) {
      return authorizationRefusal(delivery, "Basic");
    }
    byte[] decoded = base64(credentials.get());
    if (decoded == null) {
      return refuse(Reason.MALFORMED_HEADER, "Authorization is not Basic and base64");
    }
    byte[] expected = (settings.username() + ":" + secret).getBytes(StandardCharsets.UTF_8);
    return matches(expected, decoded)
        ? Optional.empty()
        : refuse(Reason.BAD_CREDENTIALS, "the Basic user name or password is wrong");
  }

  /** {@code Authorization: Bearer <token>}. */
  static Optional<Refusal> bearer(Verification settings, String secret, Delivery delivery) {
    Optional<String> token = authorization(delivery, "Bearer");
    if (token.isEmpty()) {
      return authorizationRefusal(delivery, "Bearer");
    }
    return matches(
            secret.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))
        ? Optional.empty()
        : refuse(Reason.BAD_CREDENTIALS, "the Bearer token is wrong");
  }

  private static Optional<String> authorization(Delivery delivery, String scheme) {
    String header = delivery.headers().getFirst("Authorization");
    if (header == null || header.length() <= scheme.length() + 1) {
      return Optional.empty();
    }
    String given = header.substring(0, scheme.length());
    if (!given.equalsIgnoreCase(scheme) || header.charAt(scheme.length()) != ' ') {
      return Optional.empty();
    }
    return Optional.of(header.substring(scheme.length() + 1).trim());
  }

  private static Optional<Refusal> authorizationRefusal(Delivery delivery, String scheme) {
    return delivery.headers().getFirst("Authorization") == null
        ? missing("Authorization")
        : refuse(Reason.MALFORMED_HEADER, "Authorization is not " + scheme + " credentials");
  }

  private static Optional<Refusal> stale(
      String what, String timestamp, long toleranceSeconds, Delivery delivery) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return refuse(Reason.MALFORMED_HEADER, what + " is not a Unix time in seconds");
    }
    if (Math.abs(delivery.now().getEpochSecond() - seconds) > toleranceSeconds) {
      return refuse(
          Reason.STALE_TIMESTAMP, what + " is more than " + toleranceSeconds + " s from now");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> missing(String header) {
    return refuse(Reason.MISSING_HEADER, "the " + header + " header is missing");
  }

  private static Optional<Refusal> badSignature(String header) {
    return refuse(Reason.BAD_SIGNATURE, "the " + header + " signature does not match the request");
  }

  private static Optional<Refusal> refuse(Reason reason, String detail) {
    return Optional.of(new Refusal(reason, detail));
  }

  /** Compares in time that does not depend on where the values differ. */
  private static boolean matches(byte[] expected, byte[] presented) {
    return MessageDigest.isEqual(expected, presented);
  }

  static byte[] hmac(String secret, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static byte[] concat(String head, byte[] body) {
    byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(body, 0, all, prefix.length, body.length);
    return all;
  }

  private static byte[] hex(String value) {
    try {
      return HexFormat.of().parseHex(value.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] base64(String value) {
    try {
      return Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
