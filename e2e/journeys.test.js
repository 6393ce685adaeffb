// Browser tests of the public programme's main journeys, in headless
// Chromium against a hubbook that e2e/run.sh starts with demo data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, phone, desktop, useBrowser, axeProblems } from "./support.js";

const launched = useBrowser();

// firstSessionID is a bookable session from the API, to open its page.
async function firstSessionID() {
  const res = await fetch(`${base}/api/v1/sessions?per_page=1`);
  const body = await res.json();
  return body.sessions[0].id;
}

for (const [name, options] of [["on a phone with JavaScript", phone], ["on a desktop without JavaScript", { ...desktop, javaScriptEnabled: false }]]) {
  test(`a citizen filters the programme by topic, opens a session and comes back (${name})`, async () => {
    const page = await launched().newPage(options);
    await page.goto(base + "/");
    await page.locator("summary", { hasText: "Find a session" }).click();
    await page.getByLabel("Topic", { exact: true }).selectOption({ label: "Money and benefits" });
    await page.getByRole("button", { name: "Show sessions" }).click();
    await page.waitForURL(/theme=income-maximisation/);

    const topics = await page.locator(".hb-session .ds_metadata__item", { hasText: "Topic" }).locator("dd").allInnerTexts();
    assert.ok(topics.length > 0, "no sessions listed for money and benefits");
    assert.deepEqual([...new Set(topics)], ["Money and benefits"]);

    const first = page.locator(".hb-session__title a").first();
    const title = await first.innerText();
    await first.click();
    assert.equal(await page.locator("h1").innerText(), title);
    assert.match(await page.locator("main").innerText(), /Getting there/);

    await page.getByRole("link", { name: "Back to what's on" }).click();
    assert.match(page.url(), /theme=income-maximisation/);
    assert.equal(await page.getByLabel("Topic", { exact: true }).inputValue(), "income-maximisation");
    await page.close();
  });
}

test("a mistyped filter still shows the programme, with a note", async () => {
  const page = await launched().newPage(phone);
  const res = await page.goto(base + "/?from=31-02-2026&theme=astrology");
  assert.equal(res.status(), 200);
  const note = page.getByRole("status").first();
  assert.match(await note.innerText(), /is not a date/);
  assert.ok(await page.locator(".hb-session").count() > 0);
  await page.close();
});

test("printing leaves out the site's navigation and filters, and a week fits two A4 pages", async () => {
  const page = await launched().newPage(desktop);
  await page.goto(base + "/");
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".hb-filters").isVisible(), false);
  assert.equal(await page.locator(".hb-nav").isVisible(), false);
  assert.equal(await page.locator(".hb-session").first().isVisible(), true);

  await page.goto(base + "/print?week=next");
  const pdf = await page.pdf({ format: "A4" });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 2, `next week prints on ${pages} pages`);
  await page.close();
});

test("every public page passes an automated WCAG 2.1 AA check (axe-core), on a phone and a desktop", async () => {
  const id = await firstSessionID();
  const paths = ["/", "/?theme=astrology", "/?theme=family&page=1", `/sessions/${id}`, "/venues/central-library", "/print", "/no-such-page",
    "/suggestions", "/suggestions/new"];
  for (const options of [phone, desktop]) {
    // axe is injected as an inline script, which our CSP (rightly) forbids.
    const page = await launched().newPage({ ...options, bypassCSP: true });
    for (const path of paths) {
      await page.goto(base + path);
      const problems = await axeProblems(page);
      assert.deepEqual(problems, [], `${path} at ${options.viewport.width}px`);
    }
    await page.close();
  }
});

test("the Content Security Policy blocks inline script while the page's own script runs", async () => {
  const page = await launched().newPage(desktop);
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  await page.goto(base + "/");
  // Our own script opens the filters on a wide screen.
  assert.equal(await page.locator("details#filters").evaluate((d) => d.open), true);
  assert.deepEqual(violations, []);
  await page.close();
});
