// Rooms and zones in a browser: a partner books a room that partners book
// straight away and requests one that staff approve, staff see both on the
// venue's day view and approve the request in the queue, and every rooms
// page passes an automated accessibility check. Uses the demo data
// (Partnership room 1 is instant for partners; the Meeting room waits).
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, phone, desktop, useBrowser, axeProblems } from "./support.js";

const launched = useBrowser();
const accounts = {
  staff: ["staff@demo.hubbook.test", "demo-staff-2026!"],
  partner: ["partner@demo.hubbook.test", "demo-partner-2026!"],
  navigator: ["navigator@demo.hubbook.test", "demo-navigator-2026!"],
};
const run = Date.now() % 100000;

async function signIn(page, who) {
  await page.goto(base + "/login");
  await page.getByLabel("Email address").fill(accounts[who][0]);
  await page.getByLabel("Password").fill(accounts[who][1]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

// aWeekday is an ISO date 8 to 14 days ahead that falls on a Wednesday,
// when the demo venues are open and these rooms have no sessions at 15:00.
function aWednesday() {
  const d = new Date(Date.now() + 8 * 86400e3);
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const date = aWednesday();

async function book(page, space, purpose) {
  await page.goto(`${base}/rooms/central-library/${space}/book?date=${date}`);
  await page.getByLabel("What is it for?").fill(purpose);
  await page.getByLabel("Date", { exact: true }).fill(date);
  await page.getByLabel("Starts at", { exact: true }).fill("15:00");
  await page.getByLabel("Ends at", { exact: true }).fill("16:30");
  await page.getByRole("button", { name: /^(Book|Send the request)$/ }).click();
  await page.waitForURL(/\/space-bookings\/[a-z0-9]+$/);
}

test("a partner books one room and requests another; staff see both and approve the request", async () => {
  const partner = await launched().newPage({ ...phone });
  await signIn(partner, "partner");
  const instant = `Advice appointments ${run}`;
  const waiting = `Team training ${run}`;
  await book(partner, "partnership-room-1", instant);
  assert.match(await partner.locator("main").innerText(), /confirmed/i, "the instant room is not confirmed");
  await book(partner, "meeting-room", waiting);
  assert.match(await partner.locator("main").innerText(), /Waiting for staff to approve/);

  // Booking the same slot again is a clash, named, with the form kept.
  await partner.goto(`${base}/rooms/central-library/partnership-room-1/book?date=${date}`);
  await partner.getByLabel("What is it for?").fill("Second go");
  await partner.getByLabel("Date", { exact: true }).fill(date);
  await partner.getByLabel("Starts at", { exact: true }).fill("15:30");
  await partner.getByLabel("Ends at", { exact: true }).fill("16:00");
  await partner.getByRole("button", { name: /^(Book|Send the request)$/ }).click();
  const body = await partner.locator("main").innerText();
  assert.match(body, /already booked at that time/);
  assert.equal(await partner.getByLabel("What is it for?").inputValue(), "Second go");
  await partner.close();

  const staff = await launched().newPage({ ...desktop });
  await signIn(staff, "staff");
  await staff.goto(`${base}/rooms/central-library?date=${date}`);
  const day = await staff.locator("main").innerText();
  assert.ok(day.includes(instant) && day.includes(waiting), "the day view lacks the bookings");
  await staff.goto(base + "/staff/space-requests");
  await staff.getByRole("button", { name: `Approve ${waiting}` }).click();
  await staff.waitForURL(/\/staff\/space-requests/);
  await staff.close();

  const navigator = await launched().newPage({ ...phone });
  await signIn(navigator, "navigator");
  await navigator.goto(`${base}/rooms/central-library?date=${date}`);
  assert.ok((await navigator.locator("main").innerText()).includes(waiting), "a navigator does not see the day");
  await navigator.close();
});

test("every rooms page passes an automated WCAG 2.1 AA check (axe-core)", async () => {
  const pages = {
    staff: ["/rooms", `/rooms/central-library?date=${date}`, "/rooms/central-library/partnership-suite", `/rooms/find?date=${date}&from=13:00&to=17:00&length=1h&people=4`,
      "/rooms/central-library/meeting-room/book", "/staff/space-requests", "/staff/closures", "/staff/venues/central-library/hours"],
    partner: [`/rooms/central-library?date=${date}`, "/rooms/central-library/meeting-room/book"],
  };
  for (const options of [phone, desktop]) {
    for (const [who, paths] of Object.entries(pages)) {
      const page = await launched().newPage({ ...options, bypassCSP: true });
      await signIn(page, who);
      for (const path of paths) {
        await page.goto(base + path);
        assert.deepEqual(await axeProblems(page), [], `${path} as ${who} at ${options.viewport.width}px`);
      }
      await page.close();
    }
  }
});
