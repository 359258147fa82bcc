package io.flowmesh.functions.pack;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * The URL and body of a pack function's request from its input: path fields percent-encoded as one
 * segment each (an input cannot add a segment or a query), query parameters and form bodies encoded
 * the way Stripe and most form APIs read nested values ({@code metadata[key]=value}, {@code
 * items[0]=a}).
 */
final class RequestBuilder {

  private static final Pattern PATH_FIELD = Pattern.compile("\\{([^{}/]*)}");

  private RequestBuilder() {}

  /** Base URL, expanded path and query. */
  static String url(PackedFunction function, JsonNode input, Object query) {
    Matcher fields = PATH_FIELD.matcher(function.path());
    StringBuilder path = new StringBuilder();
    while (fields.find()) {
      JsonNode value = input.path(fields.group(1));
      String text = value.isValueNode() ? value.asString() : value.toString();
      fields.appendReplacement(
          path, Matcher.quoteReplacement(UriUtils.encodePathSegment(text, StandardCharsets.UTF_8)));
    }
    fields.appendTail(path);
    String parameters = query instanceof Map<?, ?> map ? form(map) : "";
    return function.baseUrl() + path + (parameters.isEmpty() ? "" : "?" + parameters);
  }

  /** {@code application/x-www-form-urlencoded}; null values are left out. */
  static String form(Map<?, ?> values) {
    StringJoiner pairs = new StringJoiner("&");
    values.forEach((key, value) -> add(pairs, String.valueOf(key), value));
    return pairs.toString();
  }

  private static void add(StringJoiner pairs, String key, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> add(pairs, key + "[" + k + "]", v));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        add(pairs, key + "[" + i + "]", list.get(i));
      }
    } else {
      pairs.add(encode(key) + "=" + encode(text(value)));
    }
  }

  /** Whole numbers without a fraction: JSONata computes in doubles. */
  private static String text(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  private static String encode(String text) {
    return UriUtils.encodeQueryParam(text, StandardCharsets.UTF_8)
        .replace("&", "%26")
        .replace("=", "%3D")
        .replace("+", "%2B");
  }
}
