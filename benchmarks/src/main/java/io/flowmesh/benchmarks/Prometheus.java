package io.flowmesh.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.DoubleBinaryOperator;

/** A service's {@code /actuator/prometheus} page, read once, and its samples. */
final class Prometheus {

  private final String page;

  private Prometheus(String page) {
    this.page = page;
  }

  static Prometheus scrape(HttpClient http, String serviceUrl) throws Exception {
    URI page = URI.create(serviceUrl + "/actuator/prometheus");
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      // every sample would read as 0, which looks like a quiet service
      throw new IllegalStateException(page + " answered " + response.statusCode());
    }
    return new Prometheus(response.body());
  }

  /** The sum over every series of {@code sample} (all tag values); 0 when there is none. */
  double sum(String sample) {
    return combine(sample, Double::sum);
  }

  /** The sum over the series of {@code sample} whose labels contain {@code label}. */
  double sum(String sample, String label) {
    return combine(sample, label, Double::sum);
  }

  /** The largest value of any series of {@code sample}; 0 when there is none. */
  double max(String sample) {
    return combine(sample, Math::max);
  }

  private double combine(String sample, DoubleBinaryOperator operator) {
    return combine(sample, "", operator);
  }

  private double combine(String sample, String label, DoubleBinaryOperator operator) {
    double result = 0;
    for (String line : page.split("\n")) {
      boolean series = line.startsWith(sample + " ") || line.startsWith(sample + "{");
      if (series && line.contains(label)) {
        result =
            operator.applyAsDouble(
                result, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return result;
  }
}
