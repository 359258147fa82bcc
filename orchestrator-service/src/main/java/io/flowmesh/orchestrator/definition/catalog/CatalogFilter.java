package io.flowmesh.orchestrator.definition.catalog;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Which workflows a list shows. Both criteria are optional; the ones given must both match.
 *
 * @param name text the workflow's id or name contains, in any case
 * @param tag a tag of the latest version ({@code metadata.tags}), in any case
 */
public record CatalogFilter(String name, String tag) {

  private static final int MAX_LENGTH = 200;

  /**
   * Parses the query parameters; an empty one (a cleared search box) filters nothing.
   *
   * @throws InvalidRequestException naming every bad parameter
   */
  public static CatalogFilter parse(String name, String tag) {
    List<FieldProblem> problems = new ArrayList<>();
    String nameText = criterion("name", name, problems);
    String tagText = criterion("tag", tag, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new CatalogFilter(nameText, tagText);
  }

  private static String criterion(String parameter, String value, List<FieldProblem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.strip().length() > MAX_LENGTH) {
      problems.add(new FieldProblem(parameter, "must be at most " + MAX_LENGTH + " characters"));
      return null;
    }
    return value.strip();
  }
}
