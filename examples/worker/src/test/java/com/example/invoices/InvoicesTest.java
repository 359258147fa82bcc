package com.example.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowmesh.client.worker.TaskFailure;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoicesTest {

  private final Invoices invoices = new Invoices();

  @Test
  void anInvoiceIsPricedLineByLine() {
    Invoices.Priced priced =
        invoices.price(
            new Invoices.Invoice(
                "c-1",
                List.of(
                    new Invoices.Line("A", 2, new BigDecimal("9.50")),
                    new Invoices.Line("B", 1, new BigDecimal("1.25")))));

    assertThat(priced.total()).isEqualByComparingTo("20.25");
    assertThat(priced.lines()).isEqualTo(2);
  }

  @Test
  void anInvoiceWithoutLinesFailsForGood() {
    TaskFailure failure =
        catchThrowableOfType(
            TaskFailure.class, () -> invoices.price(new Invoices.Invoice("c-1", List.of())));

    assertThat(failure.code()).isEqualTo("EMPTY_INVOICE");
    assertThat(failure.retryable()).isFalse();
  }
}
