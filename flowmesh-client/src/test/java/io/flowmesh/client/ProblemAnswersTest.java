package io.flowmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowmesh.client.ScriptedServer.Answer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProblemAnswersTest {

  private final ScriptedServer server = new ScriptedServer();
  private final FlowmeshClient client =
      FlowmeshClient.builder().baseUrl(server.url()).apiKey("fm_test_key").build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aProblemAnswerBecomesAnExceptionWithEveryMemberOfTheProblem() {
    server.answer(
        Answer.problem(
            400,
            """
            {"type":"https://flowmesh.io/problems/validation-error","title":"Bad Request",
             "status":400,"detail":"nodes[1].config.actionId: no function 'core/nope'",
             "instance":"/api/v1/workflow-definitions",
             "errors":[{"field":"nodes[1].config.actionId","message":"no function 'core/nope'"}],
             "hint":null}
            """));

    FlowmeshProblemException thrown =
        catchThrowableOfType(
            FlowmeshProblemException.class, () -> client.definitions().save(Map.of("id", "bad")));

    Problem problem = thrown.problem();
    assertThat(problem.type())
        .isEqualTo(URI.create("https://flowmesh.io/problems/validation-error"));
    assertThat(problem.title()).isEqualTo("Bad Request");
    assertThat(thrown.status()).isEqualTo(400);
    assertThat(thrown.detail()).isEqualTo("nodes[1].config.actionId: no function 'core/nope'");
    assertThat(problem.instance()).isEqualTo("/api/v1/workflow-definitions");
    assertThat(problem.extension("errors"))
        .isEqualTo(
            List.of(
                Map.of("field", "nodes[1].config.actionId", "message", "no function 'core/nope'")));
    assertThat(problem.extensions()).containsKey("hint");
    assertThat(thrown.getMessage())
        .isEqualTo("400 Bad Request: nodes[1].config.actionId: no function 'core/nope'");
  }

  @Test
  void aNotFoundIsNotRetriedAndSaysWhatIsMissing() {
    server.answer(
        Answer.problem(
            404,
            """
            {"type":"https://flowmesh.io/problems/not-found","title":"Not Found","status":404,
             "detail":"No run 'run_nope'"}
            """));

    FlowmeshProblemException thrown =
        catchThrowableOfType(FlowmeshProblemException.class, () -> client.runs().get("run_nope"));

    assertThat(thrown.status()).isEqualTo(404);
    assertThat(thrown.detail()).isEqualTo("No run 'run_nope'");
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().getFirst().pathAndQuery()).isEqualTo("/api/v1/runs/run_nope");
    assertThat(server.requests().getFirst().header("Authorization"))
        .isEqualTo("Bearer fm_test_key");
  }

  @Test
  void anErrorThatIsNoProblemDocumentStillCarriesItsStatusAndText() {
    server.answer(new Answer(502, "text/html", "<html>Bad gateway</html>", Map.of()));

    FlowmeshProblemException thrown =
        catchThrowableOfType(FlowmeshProblemException.class, () -> client.runs().get("run_1"));

    assertThat(thrown.status()).isEqualTo(502);
    assertThat(thrown.problem().type()).isEqualTo(Problem.BLANK);
    assertThat(thrown.detail()).isEqualTo("<html>Bad gateway</html>");
    assertThat(thrown.problem().instance()).isEqualTo("/api/v1/runs/run_1");
  }
}
