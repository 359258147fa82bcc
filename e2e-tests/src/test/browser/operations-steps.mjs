// The operators' steps of the console's browser test (console.e2e.mjs runs them in its browser,
// signed in): the runs list's filters and its live updates over the status stream, bulk actions
// on a selection, a run's parent and child runs and a rerun, a diff between two versions and a
// start form checked against the input schema, and the webhooks page (health, key queues,
// attempts, replay, secret rotation). ConsoleBrowserE2EIT checks the outcomes through the API.

export async function operationsSteps({ page, step, check, gateway, env }) {
  const API_KEY = env('API_KEY');
  const HELLO = env('HELLO_WORKFLOW');
  const BULK = env('BULK_WORKFLOW');
  const PARENT_RUN = env('PARENT_RUN');
  const VERSIONS = env('VERSIONS_WORKFLOW');
  const HOOK_OK = env('WEBHOOK_OK');
  const HOOK_FAILING = env('WEBHOOK_FAILING');
  const confirm = () => page.locator('dialog[open] button[value=yes]').click();
  const startRun = async (body) => {
    const response = await fetch(`${gateway}/api/v1/runs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) throw new Error(`starting a run: ${response.status} ${await response.text()}`);
    return (await response.json()).runId;
  };

  await step('runs: a run started elsewhere appears live over the status stream', async () => {
    await page.goto(`${gateway}/console/runs`);
    await page.locator('#live-mode[data-mode="stream"]').waitFor();
    await page.locator('#runs-table tbody tr').first().waitFor();
    const runId = await startRun({ workflowId: HELLO, input: { message: 'live' } });
    // No reload and no poll: the stream's change reloads the list.
    await page.locator(`#runs-table tr[data-run-id="${runId}"][data-status="COMPLETED"]`).waitFor();
  });

  await step('runs: filter by workflow, version, business key and time range; the API refuses a version alone', async () => {
    const runId = await startRun({ workflowId: HELLO, input: { message: 'keyed' }, businessKey: 'console-order-7' });
    await page.fill('#filter-workflow', HELLO);
    await page.fill('#filter-version', '1');
    await page.fill('#filter-business-key', 'console-order-7');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/businessKey=console-order-7/);
    await page.locator(`#runs-table tr[data-run-id="${runId}"]`).waitFor();
    if ((await page.locator('#runs-table tbody tr[data-run-id]').count()) !== 1) throw new Error('the business key matched more than one run');
    await check(page, 'runs-filtered');
    await page.fill('#filter-before', '2020-01-01T00:00');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No runs match.').waitFor();
    await page.goto(`${gateway}/console/runs?version=1`);
    await page.getByRole('alert').filter({ hasText: 'version: needs workflowId' }).waitFor();
  });

  await step('runs: bulk pause, resume and cancel a selection, each run with its own result', async () => {
    await page.goto(`${gateway}/console/runs?workflowId=${BULK}`);
    const rows = page.locator('#runs-table tbody tr[data-run-id]');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr[data-run-id][data-status="WAITING"]').length === 3);
    await rows.first().locator('input[type=checkbox]').check();
    await page.locator('[data-bulk=pause]').click();
    await confirm();
    await page.locator('#bulk-results li[data-outcome=done]').waitFor();
    await page.locator('#runs-table tbody tr[data-status="PAUSED"]').waitFor();
    // Resume all three: the paused one resumes, the two that wait are refused with the API's reason.
    await page.locator('#select-all').check();
    await page.locator('[data-bulk=resume]').click();
    await confirm();
    await page.waitForFunction(() => document.querySelectorAll('#bulk-results li[data-outcome]').length === 3);
    const refused = await page.locator('#bulk-results li[data-outcome=refused]').allTextContents();
    if (refused.length !== 2 || !refused.every((text) => text.includes('WAITING'))) throw new Error(`resume results: ${refused.join(' | ')}`);
    await check(page, 'runs-bulk');
    await page.locator('#select-all').check();
    await page.locator('[data-bulk=cancel]').click();
    await confirm();
    await page.waitForFunction(() => document.querySelectorAll('#bulk-results li[data-outcome=done]').length === 3);
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr[data-status="CANCELLED"]').length === 3);
  });

  await step('run detail: from a parent to its child run and back, then rerun it', async () => {
    await page.goto(`${gateway}/console/runs/${PARENT_RUN}`);
    const child = page.locator('#child-runs li[data-child-run] a');
    await child.waitFor();
    await check(page, 'run-parent');
    await child.click();
    await page.locator('#parent-run a').waitFor();
    await check(page, 'run-child');
    await page.locator('#parent-run a').click();
    await page.waitForURL(new RegExp(`/console/runs/${PARENT_RUN}$`));
    await page.locator('#run-status[data-status="COMPLETED"]').waitFor();
    await page.locator('[data-action=rerun]').click();
    await confirm();
    await page.waitForURL((url) => /\/console\/runs\/run_/.test(url.pathname) && !url.pathname.endsWith(PARENT_RUN));
    await page.locator('#run-status[data-status="COMPLETED"]').waitFor();
  });

  await step('definitions: the changes between two versions, and a start checked against the input schema', async () => {
    await page.goto(`${gateway}/console/definitions`);
    const card = page.locator(`details[data-workflow-id="${VERSIONS}"]`);
    await card.locator('summary').click();
    await card.locator('.graph svg g.node').first().waitFor();
    await card.getByRole('button', { name: 'Show changes' }).click();
    const diff = card.locator(`#diff-${VERSIONS}`);
    await diff.locator('li[data-kind=node][data-change=added][data-name=audit]').waitFor();
    await diff.locator('li[data-kind=node][data-change=changed][data-name=echo]').waitFor();
    await diff.locator('li[data-kind=edge][data-change=removed]').waitFor();
    await diff.locator('li[data-kind=setting][data-change=changed][data-name=name]').waitFor();
    await check(page, 'definitions-diff');
    const input = card.locator('textarea');
    const alert = card.locator('form.start-run').getByRole('alert');
    await input.fill('{}');
    await card.getByRole('button', { name: 'Start a run' }).click();
    await alert.filter({ hasText: 'input.message: is required' }).waitFor();
    // multipleOf is checked by the orchestrator only: its problem is shown.
    await input.fill('{"message": "hi", "copies": 3}');
    await card.getByRole('button', { name: 'Start a run' }).click();
    await alert.filter({ hasText: 'input.copies' }).waitFor();
    await check(page, 'definitions-input-invalid');
    await input.fill('{"message": "checked", "copies": 5}');
    await card.getByRole('button', { name: 'Start a run' }).click();
    await page.waitForURL(/\/console\/runs\/run_/);
    await page.locator('#run-status[data-status="COMPLETED"]').waitFor();
  });

  await step('webhooks: health, a key queue, attempts, replay and a secret shown once', async () => {
    await page.goto(`${gateway}/console/webhooks`);
    const failing = page.locator(`details[data-subscription-id="${HOOK_FAILING}"]`);
    await failing.locator('.health[data-health]').waitFor();
    await failing.locator('summary').click();
    const key = failing.locator('tr[data-key]').first();
    await key.waitFor();
    const undelivered = Number(await key.locator('td').nth(1).textContent());
    if (!(undelivered >= 1)) throw new Error(`the failing subscription's key shows ${undelivered} undelivered`);
    const attempts = failing.locator('tr[data-delivery-id]').first().getByRole('button', { name: /Attempts/ });
    await attempts.click();
    await failing.getByRole('region', { name: /^Attempts of/ }).locator('td:nth-child(3)', { hasText: '500' }).first().waitFor();
    await check(page, 'webhooks');

    const ok = page.locator(`details[data-subscription-id="${HOOK_OK}"]`);
    await ok.locator('summary').click();
    const delivered = ok.locator('tr[data-delivery-id]').filter({ hasText: 'DELIVERED' }).first();
    await delivered.waitFor();
    await delivered.getByRole('button', { name: 'Replay' }).click();
    await confirm();
    await page.getByText('Replay queued').waitFor();
    await ok.locator('[data-action=rotate-secret]').click();
    await confirm();
    await ok.locator(`#secret-${HOOK_OK}`).filter({ hasText: 'whsec_' }).waitFor();
    await check(page, 'webhooks-rotated');
  });
}
