// What every browser test file shares: the address of the hubbook that
// run.sh started, one headless Chromium per file, the two screens tests use,
// and the axe-core accessibility check. BASE_URL and CHROMIUM come from
// run.sh.
import { before, after } from "node:test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export const base = process.env.BASE_URL;
export const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const desktop = { viewport: { width: 1280, height: 900 } };

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// useBrowser launches Chromium before the file's tests and closes it after;
// call it at the top of a test file and use the returned getter.
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser;
}

// axeProblems runs axe-core (WCAG 2.1 AA and best practice) on the page as
// it is and returns its violations as lines. The page must be opened with
// bypassCSP: axe is injected as an inline script, which our CSP forbids.
export async function axeProblems(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }));
  return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}
