package io.flowmesh.e2e;

/** The smallest useful workflow: trigger → core/echo of {@code trigger.message} → end. */
final class EchoWorkflow {

  private EchoWorkflow() {}

  /** Its definition, saved as workflow {@code id} with {@code name}. */
  static String definition(String id, String name) {
    return """
        {"id":"%s","name":"%s","nodes":[
          {"id":"trigger","type":"trigger","config":{}},
          {"id":"echo","type":"action","config":{"function":"core/echo","input":{"message":"{{trigger.message}}"}}},
          {"id":"end","type":"end","config":{}}],
         "edges":[{"id":"e1","source":"trigger","target":"echo"},{"id":"e2","source":"echo","target":"end"}]}
        """
        .formatted(id, name);
  }
}
