package io.flowmesh.cli;

import io.flowmesh.client.Page;
import picocli.CommandLine.Option;

/** {@code --limit} and {@code --cursor} of a listing, and the hint to the next page. */
final class PageOptions {

  @Option(names = "--limit", description = "Page size, 1 to 200; default 50")
  Integer limit;

  @Option(names = "--cursor", description = "Where the page starts: the cursor printed under one")
  String cursor;

  /** Tells people how to get the next page, if there is one. */
  static void printNext(Output out, Page<?> page) {
    if (page.hasNext()) {
      out.line("more: --cursor " + page.nextCursor());
    }
  }
}
