package io.flowmesh.orchestrator.definition;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code {{reference}}} template language of node configs.
 *
 * <p>A reference is a dot path whose first segment is {@code trigger}, {@code run}, a node id or a
 * node label without spaces; for a node, an optional {@code output} (or the seed format's {@code
 * data}) segment may follow, and the data of an HTTP response is its body as well
 * (docs/adr/0024-node-outputs-in-the-workflow-builder-shape.md). A string that is exactly one
 * template takes the referenced value with its JSON type; templates inside a longer string are
 * replaced by their text.
 */
public final class Templates {

  // The whitespace around a reference is trimmed by reference(), not matched: \s* on both sides of
  // a lazy group backtracks cubically on a long run of spaces after "{{" (seconds for 1,000).
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Templates() {}

  /**
   * Calls {@code visitor} with (field path, reference) for every template in a config value.
   * Recursive: a config nests at most {@code max-config-depth} levels (DefinitionLimits).
   */
  public static void forEachReference(
      Object value, String path, BiConsumer<String, String> visitor) {
    if (value == null) {
      return;
    }
    switch (value) {
      case String text -> {
        Matcher matcher = TEMPLATE.matcher(text);
        while (matcher.find()) {
          visitor.accept(path, reference(matcher));
        }
      }
      case Map<?, ?> map -> map.forEach((k, v) -> forEachReference(v, path + "." + k, visitor));
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          forEachReference(list.get(i), path + "[" + i + "]", visitor);
        }
      }
      default -> {}
    }
  }

  /** The reference inside a matched template, without the whitespace around it. */
  private static String reference(Matcher template) {
    String inside = template.group(1);
    int start = 0;
    int end = inside.length();
    while (start < end && isRegexSpace(inside.charAt(start))) {
      start++;
    }
    while (end > start && isRegexSpace(inside.charAt(end - 1))) {
      end--;
    }
    return inside.substring(start, end);
  }

  /** What {@code \s} matches in a pattern. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** Whether a reference is syntactically a dot path. */
  public static boolean isWellFormed(String reference) {
    return PATH.matcher(reference).matches();
  }

  /** The first segment of a reference: what it refers to. */
  public static String root(String reference) {
    int dot = reference.indexOf('.');
    return dot < 0 ? reference : reference.substring(0, dot);
  }

  /**
   * Resolves every template in {@code value} against {@code scope} (root name to value). Recursive:
   * a config nests at most {@code max-config-depth} levels (DefinitionLimits).
   *
   * @throws UnresolvedTemplateException naming the field and the reference that has no value
   */
  public static Object resolve(Object value, String path, Map<String, Object> scope) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case String text -> resolveString(text, path, scope);
      case Map<?, ?> map -> {
        Map<String, Object> resolved = new LinkedHashMap<>();
        map.forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v, path + "." + k, scope)));
        yield resolved;
      }
      case List<?> list -> {
        List<Object> resolved = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          resolved.add(resolve(list.get(i), path + "[" + i + "]", scope));
        }
        yield resolved;
      }
      default -> value;
    };
  }

  private static Object resolveString(String text, String path, Map<String, Object> scope) {
    Matcher matcher = TEMPLATE.matcher(text);
    if (matcher.matches()) {
      return lookup(reference(matcher), path, scope);
    }
    StringBuilder result = new StringBuilder();
    matcher.reset();
    while (matcher.find()) {
      Object found = lookup(reference(matcher), path, scope);
      String replacement = found instanceof String s ? s : JSON.writeValueAsString(found);
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static Object lookup(String reference, String path, Map<String, Object> scope) {
    String[] segments = reference.split("\\.");
    if (!scope.containsKey(segments[0])) {
      throw new UnresolvedTemplateException(path, reference, "'" + segments[0] + "' has no value");
    }
    Object value = scope.get(segments[0]);
    if (segments.length > 1 && isNodeRoot(segments[0]) && !hasField(value, segments[1])) {
      if ("success".equals(segments[1]) && segments.length == 2) {
        return true; // only completed nodes are in scope: the seed's {{node.success}}
      }
      if ("output".equals(segments[1]) || "data".equals(segments[1])) {
        try {
          return walk(value, segments, 2, path, reference);
        } catch (UnresolvedTemplateException notInOutput) {
          // the seed's data of an HTTP response is its body: {{FetchData.data.content}}
          if ("data".equals(segments[1]) && SeedOutputs.isHttpResponse(value)) {
            return walk(SeedOutputs.data(value), segments, 2, path, reference);
          }
          throw notInOutput;
        }
      }
    }
    return walk(value, segments, 1, path, reference);
  }

  private static Object walk(
      Object value, String[] segments, int from, String path, String reference) {
    Object current = value;
    for (int i = from; i < segments.length; i++) {
      String segment = segments[i];
      if (current instanceof Map<?, ?> map && map.containsKey(segment)) {
        current = map.get(segment);
      } else if (current instanceof List<?> list && isIndexIn(segment, list)) {
        current = list.get(Integer.parseInt(segment));
      } else {
        throw new UnresolvedTemplateException(path, reference, "'" + segment + "' not found");
      }
    }
    return current;
  }

  /**
   * Whether a segment is an index of the list. Compared as a number of any length: a reference is
   * user input, and an index beyond {@code int} ({@code items.2147483648}) is simply not found.
   */
  private static boolean isIndexIn(String segment, List<?> list) {
    return segment.matches("\\d+")
        && new BigInteger(segment).compareTo(BigInteger.valueOf(list.size())) < 0;
  }

  /**
   * Whether a root names a node, whose output the seed format reads as {@code node.data.x} (and
   * {@code node.output.x}, {@code node.success}) where the output has no field of that name.
   */
  private static boolean isNodeRoot(String root) {
    return !"trigger".equals(root) && !"run".equals(root);
  }

  private static boolean hasField(Object value, String field) {
    return value instanceof Map<?, ?> map && map.containsKey(field);
  }

  /** A template whose reference has no value in the run. */
  public static final class UnresolvedTemplateException extends RuntimeException {

    public UnresolvedTemplateException(String path, String reference, String reason) {
      super("Template '{{" + reference + "}}' in " + path + ": " + reason);
    }
  }
}
