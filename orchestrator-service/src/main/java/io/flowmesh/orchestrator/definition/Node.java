package io.flowmesh.orchestrator.definition;

import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a workflow definition.
 *
 * @param id unique within the definition
 * @param kind what the node does
 * @param label display name; templates may refer to the node by it, spaces removed
 * @param enabled a disabled node is skipped and passes its input through
 * @param config kind-specific settings; for an action the function and its input
 */
public record Node(
    String id, NodeKind kind, String label, boolean enabled, Map<String, Object> config) {

  /** Config keys of an action node that are settings, not function input. */
  private static final Set<String> ACTION_SETTINGS =
      Set.of("actionId", "function", "input", "timeoutSeconds");

  /** The function an action node calls: {@code config.function}, or the seed's {@code actionId}. */
  public String function() {
    Object function = config.getOrDefault("function", config.get("actionId"));
    return function instanceof String slug ? slug : null;
  }

  /**
   * The unresolved input of an action node: {@code config.input} if given, else the seed format's
   * flat config without the settings keys.
   */
  public Object inputTemplate() {
    if (config.containsKey("input")) {
      return config.get("input");
    }
    Map<String, Object> input = new LinkedHashMap<>(config);
    input.keySet().removeAll(ACTION_SETTINGS);
    input.keySet().removeAll(NodeSettings.ACTION_KEYS);
    return input;
  }

  /** A condition's CEL expression: {@code config.expression}, or {@code config.condition}. */
  public String expression() {
    Object expression = config.getOrDefault("expression", config.get("condition"));
    return expression instanceof String source ? source : null;
  }

  /** A switch node's cases in order; entries that are not {id, expression} objects are skipped. */
  public List<SwitchCase> cases() {
    List<SwitchCase> cases = new ArrayList<>();
    if (config.get("cases") instanceof List<?> list) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> map
            && map.get("id") instanceof String id
            && map.get("expression") instanceof String expression) {
          cases.add(new SwitchCase(id, expression));
        }
      }
    }
    return cases;
  }

  /**
   * A join's mode: {@code all} (the default) waits for every predecessor, {@code any} continues
   * with the first to arrive.
   */
  public String joinMode() {
    return config.get("mode") instanceof String mode ? mode : "all";
  }

  /** The event an approval gate waits for: {@code config.eventName}. */
  public String eventName() {
    return config.get("eventName") instanceof String name ? name : null;
  }

  /**
   * The CEL expression that decides which events of its name resume an approval gate or a
   * wait-for-event node: {@code config.correlation}; null when any event of the name does.
   */
  public String correlation() {
    return config.get("correlation") instanceof String source ? source : null;
  }

  /** The label as a template reference: {@code Fetch Data} becomes {@code FetchData}. */
  public String labelKey() {
    return label == null ? null : label.replaceAll("[^A-Za-z0-9_-]", "");
  }
}
