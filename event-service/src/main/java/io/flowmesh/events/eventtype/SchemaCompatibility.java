package io.flowmesh.events.eventtype;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Whether a new version of an event type's schema is compatible with the old one: every event the
 * old schema accepted, the new one accepts too, so no producer that follows the type breaks. The
 * check is structural and errs on the safe side: it allows what provably widens (fewer required
 * properties, new optional properties, more types or enum values, looser bounds, no constraint
 * where there was one) and names the first path of anything else it cannot prove.
 */
final class SchemaCompatibility {

  /** Keywords whose removal, or loosening as below, only widens what a schema accepts. */
  private static final Set<String> LOWER_BOUNDS =
      Set.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties");

  private static final Set<String> UPPER_BOUNDS =
      Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");

  /** Annotations: they do not change what is accepted. */
  private static final Set<String> ANNOTATIONS =
      Set.of(
          "$schema",
          "$id",
          "$comment",
          "title",
          "description",
          "examples",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly",
          "format");

  private SchemaCompatibility() {}

  /**
   * Why the new schema may refuse events the old one accepted, one entry per path; empty if not.
   */
  static List<String> problems(JsonNode before, JsonNode after) {
    List<String> problems = new ArrayList<>();
    compare("$", before, after, problems);
    return problems;
  }

  private static void compare(String path, JsonNode before, JsonNode after, List<String> out) {
    if (after == null || after.isMissingNode() || isTrue(after)) {
      return; // the new schema accepts anything here
    }
    if (before == null || before.isMissingNode() || isTrue(before)) {
      out.add(path + ": accepted any value and now has constraints");
      return;
    }
    if (Objects.equals(before, after)) {
      return;
    }
    if (!before.isObject() || !after.isObject()) {
      out.add(path + ": changed in a way that is not provably wider");
      return;
    }
    Set<String> keywords = new HashSet<>();
    before.propertyNames().forEach(keywords::add);
    after.propertyNames().forEach(keywords::add);
    for (String keyword : keywords) {
      JsonNode old = before.get(keyword);
      JsonNode now = after.get(keyword);
      if (ANNOTATIONS.contains(keyword) || Objects.equals(old, now)) {
        continue;
      }
      String at = path + "." + keyword;
      switch (keyword) {
        case "type" -> {
          if (now != null && (old == null || !types(now).containsAll(types(old)))) {
            out.add(at + ": allows fewer types than before");
          }
        }
        case "enum" -> {
          if (now != null && (old == null || !values(now).containsAll(values(old)))) {
            out.add(at + ": allows fewer values than before");
          }
        }
        case "required" -> {
          if (now != null && !values(old == null ? null : old).containsAll(values(now))) {
            out.add(at + ": requires a property that was optional");
          }
        }
        case "properties" -> properties(at, before, after, out);
        case "additionalProperties", "items" -> compare(at, old, now, out);
        default -> {
          if (now == null) {
            continue; // a constraint removed
          }
          if (old != null && LOWER_BOUNDS.contains(keyword) && now.isNumber() && old.isNumber()) {
            if (now.asDouble() > old.asDouble()) {
              out.add(at + ": raised from " + old + " to " + now);
            }
          } else if (old != null
              && UPPER_BOUNDS.contains(keyword)
              && now.isNumber()
              && old.isNumber()) {
            if (now.asDouble() < old.asDouble()) {
              out.add(at + ": lowered from " + old + " to " + now);
            }
          } else {
            out.add(at + (old == null ? ": is a new constraint" : ": changed"));
          }
        }
      }
    }
  }

  /**
   * Each property the old schema described must be at least as permissive. A property new to the
   * schema is allowed if the old one did not describe it at all: what a type's schema does not
   * describe is not part of its contract (the usual reading of "adding an optional field is
   * compatible"). If the old schema constrained undescribed properties ({@code
   * additionalProperties}), the new property must accept at least that.
   */
  private static void properties(String at, JsonNode before, JsonNode after, List<String> out) {
    JsonNode old = before.get("properties");
    JsonNode now = after.get("properties");
    if (old != null) {
      for (Map.Entry<String, JsonNode> property : old.properties()) {
        JsonNode replacement = now == null ? null : now.get(property.getKey());
        if (replacement == null) {
          // without its own schema, the property falls under additionalProperties
          replacement = after.get("additionalProperties");
        }
        compare(at + "." + property.getKey(), property.getValue(), replacement, out);
      }
    }
    JsonNode undescribed = before.get("additionalProperties");
    if (now != null && undescribed != null) {
      for (Map.Entry<String, JsonNode> property : now.properties()) {
        if (old == null || old.get(property.getKey()) == null) {
          compare(at + "." + property.getKey(), undescribed, property.getValue(), out);
        }
      }
    }
  }

  private static boolean isTrue(JsonNode schema) {
    return (schema.isBoolean() && schema.asBoolean()) || (schema.isObject() && schema.isEmpty());
  }

  private static Set<String> types(JsonNode type) {
    Set<String> types = new HashSet<>();
    if (type.isArray()) {
      type.values().forEach(t -> types.add(t.asString()));
    } else {
      types.add(type.asString());
    }
    if (types.contains("number")) {
      types.add("integer");
    }
    return types;
  }

  private static Set<JsonNode> values(JsonNode array) {
    Set<JsonNode> values = new HashSet<>();
    if (array != null) {
      array.values().forEach(values::add);
    }
    return values;
  }
}
