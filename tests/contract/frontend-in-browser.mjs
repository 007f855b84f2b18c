// The example partner frontend in headless Chromium: signs in at the test provider (its
// development login), lists participants and records a step.
//   node frontend-in-browser.mjs PAGE_URL
import { chromium } from "playwright-core";

const [pageUrl] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // Every name but loopback resolves to nothing: the provider's pages link web fonts.
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
try {
  const page = await browser.newPage();
  await page.goto(pageUrl);
  // The provider's development login: any login name and password.
  await page.waitForSelector("input[name=login]", { timeout: 30000 });
  await page.fill("input[name=login]", "tyontekija@laptuote.fi");
  await page.fill("input[name=password]", "demo");
  await page.click("button[type=submit]");
  // Then the provider's consent step.
  await page.waitForSelector("input[name=prompt][value=consent]", { state: "attached", timeout: 30000 });
  await page.click("button[type=submit]");
  try {
    await page.waitForFunction(() => document.title.startsWith("done") || document.title.startsWith("error"), null, { timeout: 30000 });
  } catch (e) {
    console.error(`stuck at ${page.url()}: ${await page.locator("body").innerText()} ${await page.locator("form").evaluateAll((f) => f.map((x) => x.outerHTML).join(" "))}`);
    throw e;
  }
  const title = await page.title();
  const items = await page.locator("#participants li").count();
  console.log(`frontend: "${title}" (${items} participants listed)`);
  if (!title.startsWith("done") || items === 0) process.exitCode = 1;
} finally {
  await browser.close();
}
