// The console in headless Chromium against a running platform. ConsoleBrowserE2EIT prepares the
// workflows and runs, starts this script and checks the outcome through the API afterwards.
// Each step prints its name, so a failure says where it stopped; screenshots go to SCREENSHOTS.
import { chromium } from 'playwright-core';
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { builderSteps } from './builder-steps.mjs';
import { operationsSteps } from './operations-steps.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const GATEWAY = env('GATEWAY_URL');
const API_KEY = env('API_KEY');
const SCREENSHOTS = env('SCREENSHOTS');
const HELLO_WORKFLOW = env('HELLO_WORKFLOW');
const APPROVAL_RUN = env('APPROVAL_RUN');
const WAITING_RUN = env('WAITING_RUN');
const TASK_RUN = env('TASK_RUN');
const SCHEDULE = env('SCHEDULE');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// ONLY=builder runs the sign-in and the builder's steps alone (handy while working on the builder);
// ONLY=runs, ONLY=webhooks and so on run the steps whose names start so.
const ONLY = process.env.ONLY;
const TIMEOUT = 60_000;

mkdirSync(SCREENSHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // Without the background-networking flags Chromium keeps trying to reach outside hosts.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const cspViolations = [];
const accessibility = [];

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  await step('sign in with the API key', async () => {
    await page.goto(`${GATEWAY}/console/`);
    await page.waitForURL(/\/console\/sign-in/);
    await check(page, 'sign-in');
    await page.fill('#api-key', 'fm_wrong_key');
    await page.click('button[type=submit]');
    await page.getByRole('alert').waitFor();
    await page.fill('#api-key', API_KEY);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console\/runs$/);
    await page.locator('#runs-table tbody tr').first().waitFor();
    await check(page, 'runs');
  });

  await step('start a run from a definition and watch it complete on the graph', async () => {
    await page.getByRole('link', { name: 'Definitions' }).click();
    const card = page.locator(`details[data-workflow-id="${HELLO_WORKFLOW}"]`);
    await card.locator('summary').click();
    await card.locator('.graph svg g.node').first().waitFor();
    await check(page, 'definitions');
    await card.locator('textarea').fill('{"message": "hello from the console"}');
    await card.getByRole('button', { name: 'Start a run' }).click();
    await page.waitForURL(/\/console\/runs\/run_/);
    await page.locator('#run-status[data-status="COMPLETED"]').waitFor();
    await page.waitForFunction(() => {
      const nodes = [...document.querySelectorAll('.graph g.node')];
      return nodes.length === 3 && nodes.every((n) => n.dataset.state === 'done');
    });
    await page.getByText('hello from the console').first().waitFor();
    await check(page, 'run-completed');
  });

  await step('approve a gate from the inbox', async () => {
    await page.getByRole('link', { name: 'Inbox' }).click();
    const card = page.locator(`[data-approval-run="${APPROVAL_RUN}"]`);
    await card.waitFor();
    await check(page, 'inbox');
    await card.getByLabel('Comment').fill('fine by me');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.locator('dialog[open] button[value=yes]').click();
    await card.waitFor({ state: 'detached' });
  });

  await step('complete a manual task: validation errors of the page and of the API, then success', async () => {
    const task = page.locator('form[data-task-id]').filter({ has: page.locator(`a[href$="${TASK_RUN}"]`) });
    await task.waitFor();
    await task.getByRole('button', { name: 'Complete' }).click();
    await task.getByRole('alert').filter({ hasText: 'reason: is required' }).waitFor();
    // Too short for the form's minLength: only the orchestrator knows, and its problem is shown.
    await task.getByLabel('reason').fill('ok');
    await task.getByRole('button', { name: 'Complete' }).click();
    await task.getByRole('alert').filter({ hasText: 'data.reason' }).waitFor();
    await check(page, 'inbox-task-invalid');
    await task.getByLabel('reason').fill('checked twice');
    await task.getByLabel('approved').check();
    await task.getByRole('button', { name: 'Complete' }).click();
    await task.waitFor({ state: 'detached' });
  });

  await step('cancel a waiting run', async () => {
    await page.goto(`${GATEWAY}/console/runs/${WAITING_RUN}`);
    await page.locator('#run-status[data-status="WAITING"]').waitFor();
    await page.locator('.graph g.node[data-node-id="wait"][data-state="waiting"]').waitFor();
    await check(page, 'run-waiting');
    await page.locator('[data-action=cancel]').click();
    await page.locator('dialog[open] button[value=yes]').click();
    await page.locator('#run-status[data-status="CANCELLED"]').waitFor();
    await page.locator('[data-action=cancel]').waitFor({ state: 'detached' });
    await check(page, 'run-cancelled');
  });

  await operationsSteps({ page, step, check, gateway: GATEWAY, env });

  await step('pause a schedule on the events page', async () => {
    await page.getByRole('link', { name: 'Events' }).click();
    const row = page.locator(`tr[data-schedule-id="${SCHEDULE}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Pause' }).click();
    await page.locator('dialog[open] button[value=yes]').click();
    await page.locator(`tr[data-schedule-id="${SCHEDULE}"][data-paused="true"]`).waitFor();
    await check(page, 'events');
  });

  await builderSteps({ page, step, check, gateway: GATEWAY, env });

  await step('keyboard: the skip link and the navigation are reachable by Tab', async () => {
    await page.goto(`${GATEWAY}/console/runs`);
    await page.locator('#runs-table tbody tr').first().waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    if (first !== 'Skip to content') throw new Error(`first Tab focused "${first}"`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const second = await page.evaluate(() => document.activeElement?.textContent);
    if (second !== 'Runs') throw new Error(`third Tab focused "${second}", not the Runs link`);
  });

  await step('phone size and dark mode', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${GATEWAY}/console/runs`);
    await page.locator('#runs-table tbody tr').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) throw new Error(`the runs page is ${overflow}px wider than a 390px screen`);
    await check(page, 'runs-phone');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${GATEWAY}/console/runs/${WAITING_RUN}`);
    await page.locator('#run-status[data-status="CANCELLED"]').waitFor();
    await check(page, 'run-phone-dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${GATEWAY}/console/definitions`);
    await page.locator('details[data-workflow-id]').first().waitFor();
    await check(page, 'definitions-dark');
  });

  if (cspViolations.length) throw new Error(`Content-Security-Policy violations:\n${cspViolations.join('\n')}`);
  if (accessibility.length) throw new Error(`serious or critical accessibility violations:\n${accessibility.join('\n')}`);
  console.log('CONSOLE BROWSER TEST PASSED');
} finally {
  await browser.close();
}

async function step(name, action) {
  if (ONLY && !name.startsWith(ONLY) && !name.startsWith('sign in')) return;
  console.log(`step: ${name}`);
  const started = Date.now();
  await action();
  console.log(`  done in ${Date.now() - started} ms`);
}

/** A screenshot of the page, and axe-core's serious and critical findings on it. */
async function check(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  // evaluate() runs outside the page's CSP, which rightly refuses an injected script tag.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const violation of results.violations) {
    if (violation.impact === 'serious' || violation.impact === 'critical') {
      const targets = violation.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ');
      accessibility.push(`${name}: ${violation.id} (${violation.impact}) ${violation.help} at ${targets}`);
    }
  }
}
