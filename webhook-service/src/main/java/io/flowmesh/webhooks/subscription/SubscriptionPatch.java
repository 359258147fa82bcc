package io.flowmesh.webhooks.subscription;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** A JSON merge patch (RFC 7396) of a subscription's changeable fields. */
final class SubscriptionPatch {

  private static final Set<String> FIELDS =
      Set.of("url", "eventTypes", "filter", "orderingKey", "rateLimit", "failurePolicy");

  private SubscriptionPatch() {}

  static SubscriptionService.Draft apply(SubscriptionService.Draft current, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object (a merge patch)");
    }
    List<FieldProblem> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        problems.add(
            new FieldProblem(
                field.getKey(), "is not a field that can be changed; allowed: " + FIELDS));
      }
    }
    String url = text(patch, "url", current.url(), false, problems);
    List<String> eventTypes = current.eventTypes();
    if (patch.has("eventTypes")) {
      JsonNode node = patch.get("eventTypes");
      if (!node.isArray()) {
        problems.add(new FieldProblem("eventTypes", "must be an array of strings"));
      } else {
        List<String> types = new ArrayList<>();
        for (JsonNode item : node.values()) {
          types.add(item.isString() ? item.asString() : null);
        }
        eventTypes = types;
      }
    }
    String filter = text(patch, "filter", current.filter(), true, problems);
    String orderingKey = text(patch, "orderingKey", current.orderingKey(), true, problems);
    Integer rateLimit = current.rateLimit();
    if (patch.has("rateLimit")) {
      JsonNode node = patch.get("rateLimit");
      if (node.isNull()) {
        rateLimit = null;
      } else if (node.isIntegralNumber() && node.canConvertToInt()) {
        rateLimit = node.asInt();
      } else {
        problems.add(new FieldProblem("rateLimit", "must be a whole number or null"));
      }
    }
    String failurePolicy = text(patch, "failurePolicy", current.failurePolicy(), false, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new SubscriptionService.Draft(
        url, eventTypes, filter, orderingKey, rateLimit, failurePolicy);
  }

  private static String text(
      JsonNode patch, String field, String current, boolean nullable, List<FieldProblem> problems) {
    if (!patch.has(field)) {
      return current;
    }
    JsonNode node = patch.get(field);
    if (node.isNull()) {
      if (!nullable) {
        problems.add(new FieldProblem(field, "cannot be null"));
      }
      return null;
    }
    if (!node.isString()) {
      problems.add(new FieldProblem(field, "must be a string"));
      return current;
    }
    return node.asString();
  }
}
