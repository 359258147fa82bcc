package io.flowmesh.integrations.runcredentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunCredentialRulesTest {

  private static final RunCredentialsProperties LIMITS =
      new RunCredentialsProperties(
          Duration.ofDays(7), Duration.ofMinutes(10), 2, DataSize.ofBytes(100));

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void aTokenOrElseAnApiKeyIsABearerAndExplicitHeadersReplaceItWhateverTheirCase() {
    assertThat(headers("{\"apiKey\": \"k\"}")).isEqualTo(Map.of("Authorization", "Bearer k"));
    assertThat(headers("{\"token\": \"t\", \"apiKey\": \"k\"}"))
        .isEqualTo(Map.of("Authorization", "Bearer t"));
    assertThat(
            headers(
                "{\"apiKey\": \"k\", \"headers\": {\"AUTHORIZATION\": \"Key k\", \"X-A\": \"1\"}}"))
        .isEqualTo(Map.of("AUTHORIZATION", "Key k", "X-A", "1"));
    assertThat(headers("{\"username\": \"u\", \"password\": \"p\"}")).isEmpty();
  }

  @Test
  void limitsAndShapesAreCheckedWithoutQuotingValues() {
    assertThat(fields("{\"a\": {}, \"b\": {}, \"c\": {}}")).containsExactly("integrations");
    assertThat(fields("{\"a\": {\"apiKey\": \"" + "x".repeat(100) + "\"}}"))
        .containsExactly("integrations.a");
    assertThat(fields("{\"a\": {\"token\": \"\", \"apiKey\": 7}}"))
        .containsExactly("integrations.a.token", "integrations.a.apiKey");
    assertThat(fields("{\"a\": {\"headers\": \"X: 1\"}}"))
        .containsExactly("integrations.a.headers");
    assertThat(fields("{\"a\": {\"headers\": {\"Bad Name\": \"v\", \"Upgrade\": \"h2c\"}}}"))
        .containsExactly("integrations.a.headers", "integrations.a.headers.Upgrade");
    assertThat(fields("{\"a/b\": {}}")).containsExactly("integrations");
    assertThat(
            RunCredentialRules.problems(
                    json.readTree("{\"a\": {\"token\": \"sk-SECRET\\n\"}}"), LIMITS)
                .toString())
        .doesNotContain("sk-SECRET");
    assertThat(fields("{\"a\": {\"token\": \"t\", \"headers\": {\"X-Empty\": \"\"}}}")).isEmpty();
  }

  private Map<String, String> headers(String values) {
    return RunCredentialRules.httpHeaders(json.readTree(values));
  }

  private java.util.List<String> fields(String integrations) {
    JsonNode node = json.readTree(integrations);
    return RunCredentialRules.problems(node, LIMITS).stream().map(FieldProblem::field).toList();
  }
}
