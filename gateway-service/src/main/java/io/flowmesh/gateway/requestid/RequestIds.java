package io.flowmesh.gateway.requestid;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Which request ids the gateway accepts from clients, and how it makes new ones. */
final class RequestIds {

  /**
   * Short and plain, because the id lands in every service's logs and headers: nothing that could
   * break a log line or inject a header.
   */
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {}

  /** The client's id if it is acceptable, otherwise a fresh one. */
  static String acceptOrGenerate(String fromClient) {
    return acceptable(fromClient).orElseGet(RequestIds::generate);
  }

  static Optional<String> acceptable(String fromClient) {
    return Optional.ofNullable(fromClient).filter(id -> ACCEPTABLE.matcher(id).matches());
  }

  static String generate() {
    return UUID.randomUUID().toString();
  }
}
