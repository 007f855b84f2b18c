// Opens the API docs in headless Chromium against a running server: the operation list renders,
// Authorize takes a token, and "Try it out" on listProjects answers 200. Saves a screenshot.
//   node docs-in-browser.mjs BASE_URL TOKEN SCREENSHOT_PATH
import { chromium } from "playwright-core";

const [base, token, screenshot] = process.argv.slice(2);
if (!base || !token || !screenshot) {
  console.error("usage: node docs-in-browser.mjs BASE_URL TOKEN SCREENSHOT_PATH");
  process.exit(2);
}

const fail = (message) => {
  console.error(`docs check failed: ${message}`);
  process.exitCode = 1;
};

const contract = await (await fetch(`${base}/openapi.json`)).json();
const operations = Object.values(contract.paths).flatMap((item) => Object.keys(item)).length;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  const external = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url());
  });
  await page.goto(`${base}/docs/`);
  await page.waitForSelector(".opblock", { timeout: 30000 });
  const rendered = await page.locator(".opblock").count();
  if (rendered !== operations) fail(`${rendered} operations rendered, the contract has ${operations}`);

  await page.click("button.authorize");
  await page.fill(".modal-ux input[type=text], .modal-ux input[type=password]", token);
  await page.click(".modal-ux button.authorize");
  await page.click(".modal-ux button.btn-done");

  const op = page.locator("#operations-projects-listProjects");
  await op.locator(".opblock-summary").click();
  // The docs open with "Try it out" already on; turn it on only if it is not.
  const execute = op.locator("button.execute");
  if (!(await execute.isVisible())) await op.locator("button.try-out__btn").click();
  await execute.click();
  const status = op.locator(".live-responses-table tr.response .response-col_status").first();
  await status.waitFor({ timeout: 30000 });
  const code = (await status.innerText()).trim();
  if (code !== "200") fail(`Try it out answered ${code}`);
  await status.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: false });
  if (external.length > 0) fail(`the page asked for outside addresses: ${external.join(", ")}`);
  if (!process.exitCode) console.log(`docs: ${rendered} operations rendered; Try it out on listProjects answered ${code}; screenshot ${screenshot}`);
} finally {
  await browser.close();
}
