package io.flowmesh.web.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void aFirstPageStartsAtTheBeginning() {
    assertThat(PageRequest.of(10, null).after()).isEmpty();
    assertThat(PageRequest.of(10, "").after()).isEmpty();
  }

  @Test
  void fetchesOneMoreThanThePageToSeeWhetherAnotherFollows() {
    assertThat(PageRequest.of(2, null).fetchSize()).isEqualTo(3);
  }

  @Test
  void theNextCursorContinuesAfterTheLastItem() {
    PageRequest request = PageRequest.of(2, null);

    Page<String> page = request.page(List.of("a/x", "b/y", "c/z"), Function.identity());

    assertThat(page.items()).containsExactly("a/x", "b/y");
    assertThat(PageRequest.of(2, page.nextCursor()).after()).isEqualTo("b/y");
  }

  @Test
  void theLastPageHasNoCursor() {
    Page<String> page = PageRequest.of(2, null).page(List.of("a/x", "b/y"), Function.identity());

    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void rejectsLimitsOutOfRangeAndForeignCursorsTogether() {
    assertThatThrownBy(() -> PageRequest.of(0, "%%%"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problems())
                    .extracting(InvalidRequestException.FieldProblem::field)
                    .containsExactly("limit", "cursor"));
    assertThatThrownBy(() -> PageRequest.of(PageRequest.MAX_LIMIT + 1, null))
        .isInstanceOf(InvalidRequestException.class);
    // Valid base64, but not one of ours.
    assertThatThrownBy(() -> PageRequest.of(10, "aGVsbG8"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
