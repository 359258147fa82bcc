package io.flowmesh.gateway.limits;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/** A request body is larger than {@link RequestSizeProperties#maxRequestSize()}. */
final class PayloadTooLargeException extends ErrorResponseException {

  PayloadTooLargeException(DataSize limit) {
    super(
        HttpStatus.CONTENT_TOO_LARGE,
        Problems.of(
            HttpStatus.CONTENT_TOO_LARGE,
            ProblemTypes.PAYLOAD_TOO_LARGE,
            "The request body is larger than the limit of " + readable(limit) + "."),
        null);
  }

  private static String readable(DataSize size) {
    long bytes = size.toBytes();
    if (bytes >= DataSize.ofMegabytes(1).toBytes()
        && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
      return size.toMegabytes() + " MB";
    }
    if (bytes >= DataSize.ofKilobytes(1).toBytes()
        && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
      return size.toKilobytes() + " KB";
    }
    return bytes + " bytes";
  }
}
