package io.flowmesh.gateway.openapi;

import tools.jackson.databind.node.ObjectNode;

/**
 * One service's OpenAPI document as fetched, or why there is none.
 *
 * @param service the service's short name, as in {@code /v3/api-docs/<service>}
 * @param document the document; null when the service could not give one
 * @param missingBecause why there is no document, in words fit for the merged document's readers
 */
record ServiceDocument(String service, ObjectNode document, String missingBecause) {

  static ServiceDocument of(String service, ObjectNode document) {
    return new ServiceDocument(service, document, null);
  }

  static ServiceDocument missing(String service, String because) {
    return new ServiceDocument(service, null, because);
  }

  boolean isMissing() {
    return document == null;
  }
}
