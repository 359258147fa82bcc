package io.flowmesh.orchestrator.correlation;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.cel.CelValues;
import io.flowmesh.orchestrator.correlation.EventWaits.OpenWait;
import io.flowmesh.orchestrator.definition.Correlations;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether an event matches a wait: its correlation, evaluated over {@code event} and {@code run},
 * is true; a wait without one matches every event of its name. A correlation that fails on an event
 * (a field the event lacks) does not match it: the event was not meant for this run.
 */
final class CorrelationMatch {

  private static final Logger log = LoggerFactory.getLogger(CorrelationMatch.class);

  private final JsonMapper json;

  CorrelationMatch(JsonMapper json) {
    this.json = json;
  }

  boolean matches(OpenWait wait, Object event) {
    if (wait.correlation() == null) {
      return true;
    }
    try {
      return Boolean.TRUE.equals(
          Correlations.EXPRESSIONS.evaluate(
              wait.correlation(),
              CelExpressions.Result.BOOL,
              Map.of("event", event, "run", run(wait))));
    } catch (CelExpressions.EvaluationFailure e) {
      log.debug("Correlation of {} did not match: {}", wait.executionId(), e.getMessage());
      return false;
    }
  }

  /** The event as CEL's {@code event}. */
  Object event(String eventJson) {
    return CelValues.of(json.readTree(eventJson));
  }

  private Map<String, Object> run(OpenWait wait) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("id", wait.runId().value());
    run.put("input", CelValues.of(json.readTree(wait.runInputJson())));
    if (wait.businessKey() != null) {
      run.put("businessKey", wait.businessKey());
    }
    return run;
  }
}
