package io.flowmesh.cli;

/** The exit codes of every command, documented in docs/cli.md. */
final class ExitCodes {

  /** Done as asked; a run waited for COMPLETED. */
  static final int OK = 0;

  /** The API answered with a problem (4xx or 5xx); the problem is printed. */
  static final int API_PROBLEM = 1;

  /** A wrong command line, or an input file or JSON that cannot be read. */
  static final int USAGE = 2;

  /** Flowmesh could not be reached, also after the retries. */
  static final int CONNECTION = 3;

  /** A run waited for ended FAILED or CANCELLED. */
  static final int RUN_NOT_COMPLETED = 4;

  /** A run waited for had not ended by --timeout. */
  static final int TIMEOUT = 5;

  private ExitCodes() {}
}
