package io.flowmesh.functions.registry;

/** An update's If-Match names a revision that is no longer the current one. */
public class RevisionMismatchException extends RuntimeException {

  public RevisionMismatchException(String slug, int current) {
    super(
        "Function '"
            + slug
            + "' was changed meanwhile; its current revision is "
            + current
            + " (ETag \""
            + current
            + "\"). Read it again and retry.");
  }
}
