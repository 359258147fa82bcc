package com.example.invoices;

import io.flowmesh.client.worker.TaskContext;
import io.flowmesh.client.worker.TaskFailure;
import io.flowmesh.client.worker.TaskHandler;
import java.math.BigDecimal;
import java.util.List;

/**
 * The application's side: what the function {@code acme/price-invoice} does. It runs in the
 * customer's network, next to whatever it needs (here it only computes). Flowmesh hands it the
 * node's input and records what it returns as the node's output.
 */
public final class Invoices implements TaskHandler {

  /** The function's input: the invoice's lines. */
  public record Line(String sku, int quantity, BigDecimal unitPrice) {}

  /** The input as a whole. */
  public record Invoice(String customer, List<Line> lines) {}

  /** The function's output. */
  public record Priced(String customer, int lines, BigDecimal total) {}

  @Override
  public Object handle(TaskContext task) {
    return price(task.input(Invoice.class));
  }

  /**
   * Prices the invoice. An invoice without lines is the caller's mistake, so it fails for good (not
   * retryable); anything else thrown would be retried by the node's retry policy.
   */
  public Priced price(Invoice invoice) {
    if (invoice.lines() == null || invoice.lines().isEmpty()) {
      throw new TaskFailure("EMPTY_INVOICE", "The invoice has no lines.", false);
    }
    BigDecimal total =
        invoice.lines().stream()
            .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Priced(invoice.customer(), invoice.lines().size(), total);
  }
}
