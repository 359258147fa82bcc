package io.flowmesh.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alert rules as Prometheus and the Prometheus Operator load them: promtool accepts the plain
 * rules file and its unit tests pass (the main alerts fire on the series that should fire them and
 * stay quiet otherwise), the PrometheusRule carries the very same groups, and every alert links a
 * runbook section that exists in docs/operations.md. promtool comes from Debian's prometheus
 * package, installed by monitoring/install-promtool.sh when missing.
 */
class AlertRulesTest {

  private static final String RULES = "monitoring/prometheus/alerts.yml";
  private static final String RULE_TESTS = "monitoring/prometheus/alerts-test.yml";
  private static final String PROMETHEUS_RULE = "k8s/components/monitoring/prometheus-rule.yaml";

  @Test
  void promtoolAcceptsTheRules() {
    assertThat(Promtool.run("check", "rules", RULES)).contains("SUCCESS");
  }

  @Test
  void theMainAlertsFireWhenTheyShouldAndOnlyThen() {
    assertThat(Promtool.run("test", "rules", RULE_TESTS)).contains("SUCCESS");
  }

  @Test
  void thePrometheusRuleHasExactlyTheGroupsOfThePlainRulesFile() throws IOException {
    // ProdOperatorsOverlayTest renders it with the overlay; here only its content matters.
    Object plain = load(Repo.resolve(RULES)).get("groups");
    Map<String, Object> rule = load(Repo.resolve(PROMETHEUS_RULE));
    assertThat(rule).containsEntry("kind", "PrometheusRule");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) rule.get("spec");
    assertThat(spec.get("groups")).as("%s follows %s", PROMETHEUS_RULE, RULES).isEqualTo(plain);
  }

  @Test
  void everyAlertHasSeverityASummaryAndARunbookSectionThatExists() throws IOException {
    String operations =
        Files.readString(Repo.resolve("docs/operations.md"), StandardCharsets.UTF_8);
    List<String> alerts = alertNames();
    assertThat(alerts).isNotEmpty().doesNotHaveDuplicates();
    for (Map<String, Object> rule : rules()) {
      String alert = (String) rule.get("alert");
      @SuppressWarnings("unchecked")
      Map<String, String> labels = (Map<String, String>) rule.get("labels");
      @SuppressWarnings("unchecked")
      Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
      assertThat(labels.get("severity")).as(alert).isIn("critical", "warning");
      assertThat(annotations).as(alert).containsKeys("summary", "description");
      assertThat(annotations.get("runbook"))
          .as(alert)
          .isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
      assertThat(operations)
          .as("docs/operations.md has a runbook section for %s", alert)
          .contains("\n#### " + alert + "\n");
    }
  }

  /** The alert names of the plain rules file, for other checks. */
  static List<String> alertNames() throws IOException {
    return rules().stream().map(r -> (String) r.get("alert")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() throws IOException {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : (List<Object>) load(Repo.resolve(RULES)).get("groups")) {
      rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
    }
    return rules;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    }
  }
}
