package io.flowmesh.cel;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Converts between JSON values and the values CEL evaluates over and gives back. */
public final class CelValues {

  private CelValues() {}

  /**
   * The JSON value as CEL sees it: objects as maps, arrays as lists, integral numbers as CEL's int
   * (long), other numbers as double, null as CEL's null.
   */
  public static Object of(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        map.put(field.getKey(), of(field.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode item : node.values()) {
        list.add(of(item));
      }
      return list;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    return node.asString();
  }

  /**
   * A value CEL gave as plain Java for JSON: maps with string keys, lists, strings, numbers,
   * booleans and null. Other CEL values (bytes, timestamps, durations) become their text.
   */
  public static Object toJson(Object value) {
    if (value == null || value instanceof NullValue) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> json = new LinkedHashMap<>();
      map.forEach((key, item) -> json.put(String.valueOf(key), toJson(item)));
      return json;
    }
    if (value instanceof List<?> list) {
      List<Object> json = new ArrayList<>(list.size());
      list.forEach(item -> json.add(toJson(item)));
      return json;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }
}
