package io.flowmesh.orchestrator.definition;

import java.util.regex.Pattern;

/**
 * The CloudEvents types a publish-event node may use: the tenant's own, never the platform's {@code
 * io.flowmesh.} types, so a workflow cannot forge run lifecycle or function events.
 */
public final class PublishedEventTypes {

  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final String RESERVED = "io.flowmesh.";

  private PublishedEventTypes() {}

  /** Why {@code type} cannot be published, or null if it can. */
  public static String problem(Object type) {
    if (!(type instanceof String text) || !TYPE.matcher(text).matches()) {
      return "must be 1-200 letters, digits, '.', '_' or '-' starting with a letter or digit, got '"
          + type
          + "'";
    }
    if (text.startsWith(RESERVED)) {
      return "'" + text + "' is reserved: types starting with " + RESERVED + " are the platform's";
    }
    return null;
  }
}
