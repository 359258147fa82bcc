package io.flowmesh.web;

/** The {@code Idempotency-Key} header of a POST that creates: optional, 1 to 255 characters. */
public final class IdempotencyKeys {

  /** The header's name. */
  public static final String HEADER = "Idempotency-Key";

  private IdempotencyKeys() {}

  /**
   * @throws InvalidRequestException if a key was sent and is blank or longer than 255 characters
   */
  public static void check(String key) {
    if (key != null && (key.isBlank() || key.length() > 255)) {
      throw new InvalidRequestException(HEADER, "must be 1 to 255 non-blank characters");
    }
  }
}
