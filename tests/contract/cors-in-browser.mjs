// A partner's page in headless Chromium: from the allowed origin it reads the API (the browser's
// own CORS checks pass), from another origin the browser blocks it.
//   node cors-in-browser.mjs BASE_URL TOKEN ALLOWED_PAGE_URL OTHER_PAGE_URL
import { chromium } from "playwright-core";

const [base, token, allowed, other] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const outcome = async (pageUrl) => {
  const page = await browser.newPage();
  await page.goto(`${pageUrl}#base=${encodeURIComponent(base)}&token=${encodeURIComponent(token)}`);
  await page.waitForFunction(() => document.title !== "pending", null, { timeout: 30000 });
  const title = await page.title();
  await page.close();
  return title;
};
try {
  const fromAllowed = await outcome(allowed);
  const fromOther = await outcome(other);
  console.log(`cors: allowed origin -> "${fromAllowed}"; other origin -> "${fromOther}"`);
  if (fromAllowed !== "ok 200 true") process.exitCode = 1;
  if (!fromOther.startsWith("blocked")) process.exitCode = 1;
} finally {
  await browser.close();
}
