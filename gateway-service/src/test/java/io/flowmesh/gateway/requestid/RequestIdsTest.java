package io.flowmesh.gateway.requestid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "req-1",
        "A.b_c-9",
        "0123456789012345678901234567890123456789012345678901234567890123"
      })
  void keepsSaneClientIds(String id) {
    assertThat(RequestIds.acceptOrGenerate(id)).isEqualTo(id);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "has space",
        "line\r\nX-Injected: 1",
        "ünïcode",
        "01234567890123456789012345678901234567890123456789012345678901234"
      })
  void replacesMissingOrUnsafeIds(String id) {
    String result = RequestIds.acceptOrGenerate(id);

    assertThat(result)
        .isNotEqualTo(id)
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void generatedIdsDiffer() {
    assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
  }
}
