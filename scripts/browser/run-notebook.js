// Opens a notebook in classic Jupyter Notebook in headless Chromium, as a student would, and checks it runs:
// the expected kernel is selected, Cell → Run All executes every cell, a plot appears, no cell shows an error.
// Then screenshots the page and, optionally, a second local page (the HTML handout index).
// Run by scripts/browser-test.sh, which serves Jupyter and passes everything through the environment:
//   CV_BASE_URL, CV_TOKEN      the server (http://127.0.0.1:PORT) and its token
//   CV_NOTEBOOK                the notebook's path on the server (00_environment.ipynb)
//   CV_KERNEL, CV_KERNEL_DISPLAY, CV_HOME   the kernelspec name and display name it must run on; the checkout
//                              whose kernelspec it must be (its argv carries -Dcrossview.home=CV_HOME)
//   CV_SCREENSHOT              PNG of the notebook page after the run
//   CV_EXTRA_PAGE, CV_EXTRA_SCREENSHOT   optional: a file to open and its PNG
//   CV_CHROMIUM                the browser (default /usr/bin/chromium)
//   CV_RUN_TIMEOUT_S           seconds for the kernel to start and all cells to run (default 240)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`run-notebook.js: environment variable ${name} not set`);
  return v;
};
const base = env('CV_BASE_URL'), token = env('CV_TOKEN'), notebook = env('CV_NOTEBOOK');
const kernelName = env('CV_KERNEL'), kernelDisplay = env('CV_KERNEL_DISPLAY'), home = env('CV_HOME');
const screenshot = env('CV_SCREENSHOT');
const runTimeoutMs = 1000 * Number(env('CV_RUN_TIMEOUT_S', '240'));
const t0 = Date.now();
const log = (msg) => console.log(`[browser ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);

async function api(route) {
  const res = await fetch(`${base}${route}`, { headers: { Authorization: `token ${token}` } });
  if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status}`);
  return res.json();
}

// The server must offer this checkout's kernelspec under the expected name and display name.
async function checkKernelspec() {
  const specs = await api('/api/kernelspecs');
  const ks = specs.kernelspecs[kernelName];
  if (!ks) throw new Error(`the server has no kernelspec '${kernelName}' (it has: ${Object.keys(specs.kernelspecs).join(', ')}); is JUPYTER_PATH set?`);
  if (ks.spec.display_name !== kernelDisplay) throw new Error(`kernelspec '${kernelName}' is called '${ks.spec.display_name}', expected '${kernelDisplay}'`);
  if (!ks.spec.argv.includes(`-Dcrossview.home=${home}`)) throw new Error(`kernelspec '${kernelName}' is not this checkout's (argv: ${ks.spec.argv.join(' ')})`);
  log(`server offers kernelspec '${kernelName}' ("${kernelDisplay}") of ${home}`);
}

// Polls the page's state (pageState, evaluated in the page) until isDone(state); progress(state) is logged when it changes.
async function waitFor(page, what, isDone, timeoutMs, progress) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const state = await page.evaluate(pageState);
    const line = progress(state);
    if (line !== last) { log(line); last = line; }
    if (isDone(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (${line})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// Everything the checks need, read from the page's Jupyter objects and its DOM.
function pageState() {
  const nb = window.Jupyter && window.Jupyter.notebook;
  if (!nb || !nb.kernel) return { phase: 'page loading' };
  const code = nb.get_cells().filter((c) => c.cell_type === 'code');
  const icon = document.querySelector('#kernel_indicator_icon');
  const outputs = code.flatMap((c) => c.output_area.outputs);
  const errors = code.map((c, i) => [i, c.output_area.outputs.filter((o) => o.output_type === 'error')])
    .filter(([, errs]) => errs.length)
    .map(([i, errs]) => ({ cell: i, text: errs.map((o) => `${o.ename}: ${o.evalue}`).join('; ') }));
  const imgs = [...document.querySelectorAll('#notebook .output_area img')];
  return {
    kernelConnected: nb.kernel.is_connected(),
    kernelReady: !!(nb.kernel.info_reply && nb.kernel.info_reply.protocol_version),  // kernel_info_reply received
    kernelImplementation: nb.kernel.info_reply && nb.kernel.info_reply.implementation,
    kernelIdle: !!(icon && icon.classList.contains('kernel_idle_icon')),
    kernelDead: !!(icon && icon.classList.contains('kernel_dead_icon')),
    kernelName: nb.kernel.name,
    selection: window.Jupyter.kernelselector && window.Jupyter.kernelselector.current_selection,
    indicator: (document.querySelector('#kernel_indicator .kernel_indicator_name') || {}).textContent,
    metadataKernel: (nb.metadata.kernelspec || {}).name,
    codeCells: code.length,
    executed: code.filter((c) => typeof c.input_prompt_number === 'number').length,
    running: code.filter((c) => c.element.hasClass('running')).length,
    pngOutputs: outputs.filter((o) => o.data && o.data['image/png']).length,
    errorOutputs: errors,
    errorElements: document.querySelectorAll('#notebook .output_error').length,
    stderr: code.flatMap((c) => c.output_area.outputs).filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => o.text).join(''),
    images: imgs.map((img) => ({ complete: img.complete, width: img.naturalWidth, height: img.naturalHeight })),
  };
}

async function screenshotWhole(page, file) {
  // The classic notebook scrolls inside #site, not the document: grow the viewport to the notebook's height.
  const height = await page.evaluate(() => {
    const header = document.querySelector('#header');
    const container = document.querySelector('#notebook-container');
    return Math.ceil((header ? header.offsetHeight : 0) + (container ? container.scrollHeight : 0) + 60);
  });
  await page.setViewport({ width: 1280, height: Math.min(Math.max(height, 800), 12000) });
  await page.evaluate(() => { const site = document.querySelector('#site'); if (site) site.scrollTop = 0; });
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: file });
  log(`screenshot ${file} (1280 × ${Math.min(Math.max(height, 800), 12000)})`);
}

async function main() {
  await checkKernelspec();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossview-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: env('CV_CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    userDataDir,
    // no background networking: this machine's closed network refuses Chromium's own connections
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    defaultViewport: { width: 1280, height: 900 },
  });
  try {
    log(`Chromium ${await browser.version()}`);
    const page = await browser.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
    page.on('dialog', (d) => d.accept());  // "leave page?" and the like
    await page.goto(`${base}/notebooks/${encodeURI(notebook)}?token=${token}`, { waitUntil: 'load', timeout: 60000 });

    // The kernel: started by the page for the notebook's metadata; it must be ours and come up.
    const ready = await waitFor(page, 'the kernel to start',
      (st) => st.kernelDead || (st.kernelReady && st.kernelIdle), runTimeoutMs,
      (st) => st.phase || `kernel '${st.kernelName}': ${st.kernelReady ? 'ready' : 'starting'}, ${st.kernelIdle ? 'idle' : 'busy'}`);
    if (ready.kernelDead) throw new Error(`the kernel '${ready.kernelName}' died while starting (see the server log)`);
    const selected = { metadata: ready.metadataKernel, running: ready.kernelName, selector: ready.selection, indicator: ready.indicator };
    log(`kernel selected: ${JSON.stringify(selected)}, implementation ${ready.kernelImplementation}`);
    if (ready.metadataKernel !== kernelName || ready.kernelName !== kernelName || ready.selection !== kernelName
        || ready.indicator !== kernelDisplay) {
      throw new Error(`the page does not run on '${kernelDisplay}' (${kernelName}): ${JSON.stringify(selected)}`);
    }
    const sessions = await api('/api/sessions');
    const session = sessions.find((s) => (s.path || (s.notebook || {}).path) === notebook);
    if (!session || session.kernel.name !== kernelName) {
      throw new Error(`the server's session for ${notebook} runs '${session ? session.kernel.name : 'nothing'}', expected '${kernelName}'`);
    }
    log(`server session ${session.id}: kernel ${session.kernel.name} (${session.kernel.id})`);

    // Cell → Run All, through the menu.
    await page.click('#celllink');
    await page.waitForSelector('#run_all_cells > a', { visible: true, timeout: 10000 });
    await page.click('#run_all_cells > a');
    log('clicked Cell → Run All');
    // Done when the kernel is idle with no cell left running: all run, or one shows an error (a kernel may abort the rest).
    const done = await waitFor(page, 'all cells to run',
      (st) => st.kernelDead || (st.kernelIdle && st.running === 0 && (st.executed === st.codeCells || st.errorOutputs.length > 0)),
      runTimeoutMs,
      (st) => `${st.executed}/${st.codeCells} cells executed, ${st.running} running, kernel ${st.kernelIdle ? 'idle' : 'busy'}`);

    const problems = [];
    if (done.kernelDead) problems.push('the kernel died');
    if (done.executed !== done.codeCells) problems.push(`only ${done.executed} of ${done.codeCells} code cells executed`);
    for (const e of done.errorOutputs) problems.push(`code cell ${e.cell} shows an error: ${e.text}`);
    if (done.errorElements > 0 && done.errorOutputs.length === 0) problems.push(`${done.errorElements} error outputs shown`);
    const plots = done.images.filter((i) => i.complete && i.width >= 100 && i.height >= 100);
    if (done.pngOutputs === 0) problems.push('no image/png output');
    if (plots.length === 0) problems.push(`no plot shown in the page (<img> elements: ${JSON.stringify(done.images)})`);
    else log(`plot shown: ${plots.map((i) => `${i.width}×${i.height}`).join(', ')} (${done.pngOutputs} image/png outputs)`);
    if (done.stderr) log(`stderr printed by cells (not an error by itself):\n${done.stderr.trimEnd()}`);
    await screenshotWhole(page, screenshot);
    if (consoleErrors.length) log(`browser console errors (not failures by themselves):\n  ${consoleErrors.join('\n  ')}`);

    if (process.env.CV_EXTRA_PAGE) {
      const extra = await browser.newPage();
      await extra.goto(`file://${path.resolve(process.env.CV_EXTRA_PAGE)}`, { waitUntil: 'load' });
      await extra.screenshot({ path: env('CV_EXTRA_SCREENSHOT'), fullPage: true });
      log(`screenshot ${env('CV_EXTRA_SCREENSHOT')} of ${process.env.CV_EXTRA_PAGE} ("${await extra.title()}")`);
    }
    if (problems.length) throw new Error(`${notebook} in the browser:\n  ${problems.join('\n  ')}`);
    log(`${notebook}: ${done.executed}/${done.codeCells} cells ran in the page on '${kernelDisplay}', plot shown, no error`);
  } finally {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`browser test FAILED: ${e.message}`); process.exit(1); });
