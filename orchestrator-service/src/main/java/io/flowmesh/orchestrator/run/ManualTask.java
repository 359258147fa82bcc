package io.flowmesh.orchestrator.run;

import java.time.Instant;
import java.util.Map;

/**
 * A human task opened by a manual-task node, as the API shows it.
 *
 * @param taskId the task's id
 * @param runId the run that waits for it
 * @param nodeId the manual-task node
 * @param status {@code OPEN}, {@code COMPLETED}, or {@code CANCELLED} (its run ended without it)
 * @param assignee who should do it; null for anyone
 * @param title what to show as the task's name, if the node gives one
 * @param description longer text for the human, if the node gives one
 * @param input data the node hands to the human ({@code config.input}, templates resolved)
 * @param form the JSON Schema the submitted data must match; null accepts any object
 * @param data what was submitted, once completed
 * @param createdAt when the node opened it
 * @param completedAt when it was completed
 */
public record ManualTask(
    String taskId,
    String runId,
    String nodeId,
    String status,
    String assignee,
    Object title,
    Object description,
    Object input,
    Object form,
    Object data,
    Instant createdAt,
    Instant completedAt) {

  static ManualTask of(ManualTaskRepository.TaskRow row, Map<String, Object> details) {
    return new ManualTask(
        row.id(),
        row.runId().value(),
        row.nodeId(),
        row.status(),
        row.assignee(),
        details.get("title"),
        details.get("description"),
        details.get("input"),
        row.form(),
        row.data(),
        row.createdAt(),
        row.completedAt());
  }
}
