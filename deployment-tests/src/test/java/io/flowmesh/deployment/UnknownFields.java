package io.flowmesh.deployment;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fields the Kubernetes API would not know. fabric8's model does not fail on an unknown
 * field: it keeps it in the object's {@code additionalProperties}. A typo such as {@code
 * readinesProbe} or a field at the wrong level therefore parses fine and is silently ignored by the
 * API server (or rejected by strict validation). This walks every typed model object and reports
 * every non-empty {@code additionalProperties}, with its path.
 */
final class UnknownFields {

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  /** Paths like {@code spec.template.spec.containers[0].readinesProbe}; empty when all known. */
  static List<String> of(Object modelObject) {
    List<String> found = new ArrayList<>();
    walk(modelObject, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
    if (value == null || isScalar(value) || !seen.add(value)) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, join(path, String.valueOf(k)), found, seen));
      return;
    }
    if (value instanceof Collection<?> collection) {
      int i = 0;
      for (Object element : collection) {
        walk(element, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Object fieldValue = read(field, value);
        if ("additionalProperties".equals(field.getName())) {
          if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
          }
        } else {
          walk(fieldValue, join(path, field.getName()), found, seen);
        }
      }
    }
  }

  private static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Cannot read " + field + " of the fabric8 model", e);
    }
  }

  private static boolean isScalar(Object value) {
    return value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Enum<?>;
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
