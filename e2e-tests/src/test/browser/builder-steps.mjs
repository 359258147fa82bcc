// The visual builder's steps of the console's browser test (console.e2e.mjs runs them in its
// browser, signed in): build the Workflow Builder's example by drag and drop, see the page's and
// the server's validation problems (while editing and on save) and fix them, save, reload,
// export and import, run it, approve its gate on the canvas, and time how long a 300-node
// definition takes to show.
import { readFileSync } from 'node:fs';

export async function builderSteps({ page, step, check, gateway, env }) {
  const WORKFLOW = env('BUILDER_WORKFLOW');
  const FETCH_URL = env('BUILDER_FETCH_URL');
  const BIG = env('BUILDER_BIG_WORKFLOW');
  const node = (id) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const pane = page.locator('.react-flow__pane');

  const drop = async (palette, x, y) => {
    await page.locator(`[data-palette="${palette}"]`).dragTo(pane, { targetPosition: { x, y } });
  };
  const connect = async (source, handle, target, targetHandle = 'in0') => {
    const from = await node(source).locator(`.react-flow__handle[data-handleid="${handle}"]`).boundingBox();
    const to = await node(target).locator(`.react-flow__handle[data-handleid="${targetHandle}"]`).boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
  };
  const select = async (id) => {
    await node(id).locator('.step-label').click();
    await page.locator(`.properties[data-node-id="${id}"]`).waitFor();
  };
  const exportDocument = async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const path = await download.path();
    return { path, document: JSON.parse(readFileSync(path, 'utf8')) };
  };

  await step('builder: drag the seed example onto the canvas and fill the panels', async () => {
    await page.getByRole('link', { name: 'Builder', exact: true }).click();
    await page.locator('[data-palette="kind:trigger"]').waitFor();
    await page.fill('#builder-id', WORKFLOW);
    await page.fill('#builder-name', 'Builder seed example');
    await drop('kind:trigger', 60, 60);
    await page.fill('#palette-search', 'http');
    await drop('fn:system/http-request', 320, 60);
    await page.fill('#palette-search', '');
    await drop('kind:approval-gate', 60, 260);
    await page.fill('#palette-search', 'echo');
    await drop('fn:core/echo', 320, 260);
    await page.fill('#palette-search', '');
    if ((await page.locator('.react-flow__node').count()) !== 4) throw new Error('four nodes were dropped, the canvas shows another count');

    await select('http-request');
    await page.fill('#field-label', 'Fetch Data');
    await page.fill('#field-url', FETCH_URL);
    await page.selectOption('#field-method', 'GET');
    await select('approval-gate');
    await page.fill('#field-label', 'Manager Approval');
    await page.fill('#field-eventName', 'manager_approval');
    await page.fill('#field-message', 'Publish the report?');
    await select('echo');
    await page.fill('#field-label', 'Report');
    await page.fill('#free-field-name', 'content');
    await page.getByRole('button', { name: 'Add field' }).click();

    await connect('trigger', 'out', 'http-request');
    await connect('http-request', 'out', 'approval-gate');
    // Not connected yet: the page says so on the node before any save.
    await node('echo').locator('.step.has-problem', { hasText: 'not connected' }).waitFor();
    await check(page, 'builder-unconnected');
    await connect('approval-gate', 'out', 'echo');
    await node('echo').locator('.step:not(.has-problem)').waitFor();
    if ((await page.locator('.react-flow__edge').count()) !== 3) throw new Error('three edges were drawn, the canvas shows another count');

    // Delete, undo, redo and auto-layout on a node that does not stay.
    await drop('kind:timer', 560, 420);
    await node('timer').locator('.step-label').click();
    await page.keyboard.press('Delete');
    await node('timer').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await node('timer').waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    await node('timer').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    if ((await page.locator('.react-flow__node').count()) !== 4) throw new Error('after undo, redo and auto-layout the canvas does not show the four nodes');
  });

  await step("builder: template completion, the server's validation error on the field, then fixed", async () => {
    await select('echo');
    await page.locator('#field-content').pressSequentially('{{Fetch');
    await page.locator('.suggestion', { hasText: '{{FetchData.data.status}}' }).waitFor();
    await page.fill('#field-content', '{{FetchDat.data.content}}');
    // The server's check while editing finds the typo before any save...
    await page.locator('#builder-check[data-problems="1"]').waitFor();
    await node('echo').locator('.step.has-problem', { hasText: 'FetchDat' }).waitFor();
    // ...and a save is refused with the same problem.
    await page.click('#builder-save');
    await page.locator('#builder-message[data-kind="error"]').waitFor();
    await node('echo').locator('.step.has-problem').waitFor();
    await page.locator('#field-content-error').waitFor();
    await check(page, 'builder-invalid');
    await page.fill('#field-content', '{{FetchData.data.content}}');
    await page.locator('#builder-check[data-problems="0"]').waitFor();
    await page.click('#builder-save');
    await page.locator('#builder-message', { hasText: 'Saved as version 1' }).waitFor();
    await page.waitForURL(new RegExp(`/console/builder/${WORKFLOW}\\?version=1$`));
    await check(page, 'builder');
  });

  let exported;
  await step('builder: reload and find the workflow unchanged; export and import it', async () => {
    exported = await exportDocument();
    await page.reload();
    await page.locator('.react-flow__node').nth(3).waitFor();
    await page.locator('#builder-version').waitFor();
    const again = await exportDocument();
    const a = JSON.stringify(sortKeys(exported.document));
    const b = JSON.stringify(sortKeys(again.document));
    if (a !== b) throw new Error(`the reloaded workflow differs from the saved one:\n${a}\n${b}`);
    await page.getByRole('button', { name: 'Diff' }).click();
    await page.locator('.builder-diff', { hasText: 'No changes.' }).waitFor();
    await page.getByRole('button', { name: 'Diff' }).click();
    for (const n of again.document.nodes) if (!n.position) throw new Error(`node ${n.id} lost its position`);
    await page.locator('.builder-toolbar input[type=file]').setInputFiles(again.path);
    await page.locator('#builder-message', { hasText: 'Imported' }).waitFor();
    await page.reload();
    await page.locator('.react-flow__node').nth(3).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await check(page, 'builder-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await step('builder: run it, watch it wait at the gate on the canvas, approve, see it complete', async () => {
    await page.fill('#run-input', '{"requestedBy": "builder e2e"}');
    await page.getByRole('button', { name: 'Run v1' }).click();
    await page.locator('#builder-run-status[data-status="WAITING"]').waitFor();
    await node('approval-gate').locator('.step[data-state="waiting"]').waitFor();
    await node('http-request').locator('.step[data-state="done"]').waitFor();
    await check(page, 'builder-run-waiting');
    await page.locator('[data-gate="approval-gate"]').getByRole('button', { name: 'Approve' }).click();
    await page.locator('#builder-run-status[data-status="COMPLETED"]').waitFor();
    await page.waitForFunction(() => {
      const steps = [...document.querySelectorAll('.react-flow__node .step')];
      return steps.length === 4 && steps.every((s) => s.dataset.state === 'done');
    });
    await check(page, 'builder-run-completed');
  });

  await step('builder: a 300-node definition opens (time to render printed)', async () => {
    await page.goto(`${gateway}/console/builder/${BIG}`);
    await page.waitForFunction(
      () => {
        const nodes = [...document.querySelectorAll('.react-flow__node')];
        return nodes.length === 300 && nodes.every((n) => n.style.visibility !== 'hidden');
      },
      null,
      { timeout: 120_000 },
    );
    // Printed, never asserted: wall-clock time on a shared machine is no pass/fail criterion.
    const timing = await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource');
      const end = (pattern) => Math.round(Math.max(0, ...resources.filter((r) => pattern.test(r.name)).map((r) => r.responseEnd)));
      return { drawn: Math.round(performance.now()), chunk: end(/assets\/mount-.*\.js$/), document: end(/versions\/\d+$/), functions: end(/\/functions\?/) };
    });
    console.log(
      `BUILDER_300_NODES_RENDERED_MS=${timing.drawn} (navigation start to 300 nodes drawn; builder chunk loaded at ${timing.chunk} ms,` +
        ` document at ${timing.document} ms, function catalogue at ${timing.functions} ms)`,
    );
  });
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}
