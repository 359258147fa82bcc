package io.flowmesh.cli;

/** A command line the CLI cannot act on (exit code 2): a missing file, JSON that does not parse. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
