package io.flowmesh.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.ProblemTypes;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;

class ProblemMapperTest {

  private final ProblemMapper mapper = new ProblemMapper();

  @Test
  void serviceRefusingConnectionsIsUnavailable() {
    ProblemResponse problem =
        mapper.map(
            new IllegalStateException(
                "wrapped", new ConnectException("Connection refused: orchestrator/10.0.0.7:8081")));

    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.body().getType()).isEqualTo(ProblemTypes.UNAVAILABLE);
    assertThat(problem.body().getDetail()).doesNotContain("10.0.0.7", "refused");
    assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("5");
  }

  @Test
  void theGatewaysDatabaseDownIsUnavailableWithoutItsMessage() {
    ProblemResponse problem =
        mapper.map(
            new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLException("Connection to db.internal:5432 refused")));

    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.body().getType()).isEqualTo(ProblemTypes.UNAVAILABLE);
    assertThat(problem.body().getDetail()).doesNotContain("db.internal", "JDBC");
    assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("5");
  }

  @Test
  void serviceTooSlowIsGatewayTimeout() {
    ProblemResponse problem =
        mapper.map(
            new ResponseStatusException(
                HttpStatus.GATEWAY_TIMEOUT, "Response took longer than timeout: PT30S"));

    assertThat(problem.status()).isEqualTo(504);
    assertThat(problem.body().getType()).isEqualTo(ProblemTypes.UNAVAILABLE);
    assertThat(problem.body().getDetail()).doesNotContain("PT30S");
  }

  @Test
  void connectionLostMidAnswerIsBadGateway() {
    ProblemResponse problem = mapper.map(new IOException("Connection prematurely closed"));

    assertThat(problem.status()).isEqualTo(502);
    assertThat(problem.body().getType()).isEqualTo(ProblemTypes.UNAVAILABLE);
    assertThat(problem.headers().containsHeader("Retry-After")).isFalse();
  }

  @Test
  void noRouteIsNotFound() {
    ProblemResponse problem =
        mapper.map(new ResponseStatusException(HttpStatus.NOT_FOUND, "No static resource x."));

    assertThat(problem.status()).isEqualTo(404);
    assertThat(problem.body().getType()).isEqualTo(ProblemTypes.NOT_FOUND);
    assertThat(problem.body().getDetail()).doesNotContain("static resource");
  }

  @Test
  void wrongMethodKeepsTheAllowHeader() {
    ProblemResponse problem =
        mapper.map(
            new MethodNotAllowedException(HttpMethod.DELETE, java.util.Set.of(HttpMethod.GET)));

    assertThat(problem.status()).isEqualTo(405);
    assertThat(problem.body().getType()).isEqualTo(ProblemTypes.UNSUPPORTED);
    assertThat(problem.headers().getAllow()).containsExactly(HttpMethod.GET);
  }

  @Test
  void problemRaisedOnPurposePassesThroughWithItsHeadersEvenWhenWrapped() {
    ErrorResponseException raised =
        new ErrorResponseException(
            HttpStatus.TOO_MANY_REQUESTS,
            Problems.of(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Slow down."),
            null);
    raised.getHeaders().set(HttpHeaders.RETRY_AFTER, "3");

    ProblemResponse problem = mapper.map(new RuntimeException("by the HTTP client", raised));

    assertThat(problem.status()).isEqualTo(429);
    assertThat(problem.body().getDetail()).isEqualTo("Slow down.");
    assertThat(problem.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
  }

  @Test
  void unexpectedFailureIsInternalErrorWithoutItsMessage() {
    ProblemResponse problem =
        mapper.map(new IllegalStateException("password=hunter2 at db.internal:5432"));

    assertThat(problem.status()).isEqualTo(500);
    assertThat(problem.body().getType()).isEqualTo(ProblemTypes.INTERNAL);
    assertThat(problem.body().getDetail()).doesNotContain("hunter2", "db.internal");
  }
}
