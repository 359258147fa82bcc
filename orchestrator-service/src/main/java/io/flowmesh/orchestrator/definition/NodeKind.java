package io.flowmesh.orchestrator.definition;

import java.util.Arrays;
import java.util.Optional;

/** The node kinds this version of the interpreter executes. */
public enum NodeKind {
  TRIGGER("trigger"),
  ACTION("action"),
  CONDITION("condition"),
  SWITCH("switch"),
  PARALLEL("parallel"),
  JOIN("join"),
  APPROVAL_GATE("approval-gate"),
  TIMER("timer"),
  END("end"),
  MANUAL_TASK("manual-task"),
  PUBLISH_EVENT("publish-event"),
  SUB_WORKFLOW("sub-workflow"),
  FOR_EACH("for-each"),
  WAIT_FOR_EVENT("wait-for-event");

  private final String wireName;

  NodeKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The {@code type}s a definition may use, for error messages. */
  public static String supportedWireNames() {
    StringBuilder names = new StringBuilder();
    for (NodeKind kind : values()) {
      names.append(names.isEmpty() ? "" : ", ").append(kind.wireName);
      if (kind == ACTION) {
        names.append(", activity");
      }
    }
    return names.toString();
  }

  /** Parses a definition's {@code type}; {@code activity} is the seed format's alias of action. */
  public static Optional<NodeKind> fromWire(String type) {
    if ("activity".equals(type)) {
      return Optional.of(ACTION);
    }
    return Arrays.stream(values()).filter(kind -> kind.wireName.equals(type)).findFirst();
  }
}
