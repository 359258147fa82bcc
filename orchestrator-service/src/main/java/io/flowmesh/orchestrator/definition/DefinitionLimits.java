package io.flowmesh.orchestrator.definition;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a definition may be when it is saved (docs/workflow-definitions.md, "Limits"; ADR
 * 0019). Versions saved earlier load whatever the limits are now.
 *
 * @param maxNodes the most nodes a definition may have
 * @param maxEdges the most edges a definition may have
 * @param maxDocumentSize the largest definition, measured as its compact JSON in UTF-8; larger ones
 *     are answered with 413 (the gateway refuses request bodies over 1MB as well)
 * @param maxConfigDepth how deeply objects and arrays may nest in a node's config, the config
 *     object itself being level 1
 */
@ConfigurationProperties("flowmesh.orchestrator.definitions.limits")
record DefinitionLimits(
    @DefaultValue("10000") int maxNodes,
    @DefaultValue("20000") int maxEdges,
    @DefaultValue("1MB") DataSize maxDocumentSize,
    @DefaultValue("32") int maxConfigDepth) {

  private static final String PREFIX = "flowmesh.orchestrator.definitions.limits.";

  /** The defaults above, for a parser made without Spring. */
  static final DefinitionLimits DEFAULTS =
      new DefinitionLimits(10_000, 20_000, DataSize.ofMegabytes(1), 32);

  /** No limit: for versions already saved, which must load even after a limit was lowered. */
  static final DefinitionLimits NONE =
      new DefinitionLimits(
          Integer.MAX_VALUE,
          Integer.MAX_VALUE,
          DataSize.ofBytes(Long.MAX_VALUE),
          Integer.MAX_VALUE);

  /** The full name of a property of these limits, as problems name it. */
  static String property(String name) {
    return PREFIX + name;
  }
}
