package io.flowmesh.functions.pack;

/**
 * A pack that cannot be loaded, with what an operator needs to fix it: the file, the function (its
 * slug, or its position if it has none) and the field.
 */
class PackRefusedException extends RuntimeException {

  private final String file;

  PackRefusedException(String file, String function, String field, String problem) {
    super(message(file, function, field, problem), null, false, false);
    this.file = file;
  }

  String file() {
    return file;
  }

  private static String message(String file, String function, String field, String problem) {
    StringBuilder message = new StringBuilder("function pack ").append(file);
    if (function != null) {
      message.append(", function ").append(function);
    }
    if (field != null) {
      message.append(", field ").append(field);
    }
    return message.append(": ").append(problem).toString();
  }
}
