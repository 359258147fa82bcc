package io.flowmesh.functions.direct;

/** The function exists for the tenant but is disabled, so it cannot run. */
public class FunctionDisabledException extends RuntimeException {

  FunctionDisabledException(String slug) {
    super("Function '" + slug + "' is disabled; enable it to run it.");
  }
}
