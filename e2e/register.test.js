// The register on a tablet at the door: staff add a session that starts
// in a minute or two, a navigator books two parties at the desk, then on
// the register checks one in by typing its reference, marks the other a
// no-show, adds walk-ins and, once the session has started, closes the
// register. With JavaScript (marks update in place) and without (every
// form posts and the page reloads), side by side. axe-core checks each page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, useBrowser, axeProblems } from "./support.js";

const launched = useBrowser();
const tablet = { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, bypassCSP: true };
const accounts = {
  staff: ["staff@demo.hubbook.test", "demo-staff-2026!"],
  navigator: ["navigator@demo.hubbook.test", "demo-navigator-2026!"],
};

async function signIn(page, who) {
  await page.goto(base + "/login");
  await page.getByLabel("Email address").fill(accounts[who][0]);
  await page.getByLabel("Password").fill(accounts[who][1]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

// london is the date and time of day at ms in Europe/London, as the
// session form takes them.
function london(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

async function noAxeProblems(page, what) {
  assert.deepEqual(await axeProblems(page), [], `accessibility problems on ${what}`);
}

// soonSession adds a session today starting at the first whole minute at
// least 25 seconds from now (time to book two parties before it starts;
// the form takes whole minutes) and returns its public id and start (ms).
async function soonSession(page, title) {
  const start = Math.ceil((Date.now() + 25e3) / 60e3) * 60e3;
  const from = london(start);
  const to = london(start + 15 * 60e3);
  await page.goto(base + "/staff/sessions/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Topic").selectOption({ label: "Money and benefits" });
  await page.getByLabel("Who it is for").selectOption({ label: "Adults" });
  await page.getByLabel("Venue").selectOption({ label: "Northfield Community Hub" });
  await page.locator("#date").fill(from.date);
  await page.getByLabel("Starts at").fill(from.time);
  await page.getByLabel("Ends at").fill(to.time);
  await page.getByText("They book a place", { exact: true }).click();
  await page.getByLabel("Places (when people book)").fill("10");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/\/staff\/sessions\/[a-z0-9]+$/);
  return { id: new URL(page.url()).pathname.split("/").pop(), start };
}

async function deskBook(page, id, name, adults) {
  await page.goto(`${base}/desk/sessions/${id}/book`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Adults").fill(String(adults));
  await page.getByRole("button", { name: "Book places" }).click();
  await page.waitForURL(/\/desk\/bookings\/HB-/);
  return (await page.locator(".hb-reference").innerText()).trim();
}

// Both run at once, so that their waits for the start overlap.
test("a navigator keeps the register on a tablet", { concurrency: true }, async (parent) => {
  await Promise.all([["with JavaScript", true], ["without JavaScript", false]].map(([name, js]) => parent.test(name, async (t) => {
    const first = london(Date.now() + 3 * 60e3);
    if (first.date !== london(Date.now() + 20 * 60e3).date) {
      t.skip("too near midnight in London for a session today");
      return;
    }
    const staff = await launched().newPage({ ...tablet });
    await signIn(staff, "staff");
    const title = `Money check ${js ? "js" : "plain"} ${Date.now() % 100000}`;
    const { id, start } = await soonSession(staff, title);
    await staff.close();

    const nav = await launched().newPage({ ...tablet, javaScriptEnabled: js });
    // axe-core runs in the page, so only with JavaScript: the pages are
    // the same without it.
    const checkAxe = js ? noAxeProblems : async () => {};
    await signIn(nav, "navigator");
    const ann = await deskBook(nav, id, "Ann Example", 2);
    const bob = await deskBook(nav, id, "Bob Example", 1);

    await nav.goto(`${base}/registers/${id}`);
    assert.match(await nav.locator("h1").innerText(), new RegExp(title));
    await checkAxe(nav, "the register");

    // Check in Ann by typing her reference in lower case without "HB-".
    await nav.getByLabel("Check in by booking reference").fill(ann.slice(3).toLowerCase());
    await nav.getByRole("button", { name: "Check in", exact: true }).click();
    await nav.locator("#register-live", { hasText: "Checked in: Ann Example" }).waitFor();
    assert.match(await nav.locator(`#row-${ann}`).innerText(), /Came: 2 of 2/);

    // Bob did not come.
    await nav.locator(`#row-${bob}`).getByRole("button", { name: /^No-show/ }).click();
    await nav.locator(`#row-${bob}`, { hasText: "No-show" }).locator(".hb-register__state").waitFor();
    await nav.locator("#register-live", { hasText: "Bob Example" }).waitFor();
    if (js) {
      assert.equal(new URL(nav.url()).hash, "", "the mark reloaded the page");
    }

    // Three people walked in.
    await nav.getByLabel("How many people walked in?").fill("3");
    await nav.getByLabel("First name (optional)").fill("Morag");
    await nav.getByRole("button", { name: "Add walk-ins" }).click();
    await nav.locator("#register-live", { hasText: "3 walk-ins added" }).waitFor();
    const totals = await nav.locator("#register-totals").innerText();
    assert.match(totals, /3\s+places booked/);
    assert.match(totals, /2\s+came/);
    assert.match(totals, /1\s+no-show/);
    assert.match(totals, /3\s+walked in/);
    assert.match(totals, /0\s+not marked yet/);
    await checkAxe(nav, "the register after marking");

    // A typing slip: said plainly, with what was typed kept.
    await nav.getByLabel("Check in by booking reference").fill("HB-ZZZZ");
    await nav.getByRole("button", { name: "Check in", exact: true }).click();
    await nav.locator(".ds_error-summary", { hasText: "No booking has the reference HB-ZZZZ" }).waitFor();
    assert.equal(await nav.getByLabel("Check in by booking reference").inputValue(), "HB-ZZZZ");

    // The printable register.
    await nav.goto(`${base}/registers/${id}/print`);
    assert.match(await nav.locator("main").innerText(), /Ann Example[\s\S]*Bob Example/);
    await checkAxe(nav, "the printable register");

    // Closing waits for the start.
    const wait = start - Date.now() + 1500;
    if (wait > 0) {
      await nav.waitForTimeout(wait);
    }
    await nav.goto(`${base}/registers/${id}`);
    await nav.getByRole("button", { name: "Close the register" }).click();
    await nav.locator("#register-live", { hasText: "The register is closed." }).waitFor();
    assert.equal(await nav.getByRole("button", { name: /^No-show/ }).count(), 0, "marks are still offered after closing");
    await checkAxe(nav, "the closed register");
    await nav.close();
  })));
});
