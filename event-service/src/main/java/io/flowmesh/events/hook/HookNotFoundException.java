package io.flowmesh.events.hook;

/** No hook with this id (for the caller's tenant, on the API). */
public class HookNotFoundException extends RuntimeException {

  HookNotFoundException(String id) {
    super("Hook '" + id + "' not found");
  }
}
