// Browser tests of booking places: a citizen books, changes their mind and
// cancels; a full session offers its waitlist; a navigator books on
// someone's behalf at the desk and records walk-ins; and every booking page
// passes axe-core. All on a phone, with real clicks and typing, in headless
// Chromium against a hubbook that e2e/run.sh starts with demo data (the
// demo programme starts tomorrow, and a few of its sessions have bookings).
//
// Each test makes its own people (names and emails unique to the run) and
// uses its own demo session, so the tests do not see each other's places.
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, phone, useBrowser, axeProblems } from "./support.js";

const launched = useBrowser();
const demo = {
  staff: ["staff@demo.hubbook.test", "demo-staff-2026!"],
  navigator: ["navigator@demo.hubbook.test", "demo-navigator-2026!"],
};
const reference = /^HB-[2-9A-HJ-NP-Z]{4,8}$/;

async function signIn(page, role) {
  await page.goto(base + "/login");
  await page.getByLabel("Email address").fill(demo[role][0]);
  await page.getByLabel("Password").fill(demo[role][1]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

// choose ticks a radio button or checkbox by clicking its label, as people
// do: the design system draws its own box over the input.
async function choose(page, label) {
  await page.locator("label", { hasText: label }).click();
}

// bookableSessions lists the demo sessions in the programme (as the home
// page shows them) that people book and that have places left: title,
// which of the links with that title it is, its path and the places left.
// Sessions today are left out: only tests add those, and booking them
// online closes in minutes.
async function bookableSessions(page) {
  await page.goto(base + "/");
  const cards = await page.locator(".hb-session").evaluateAll((els) => els.map((el) => ({
    title: el.querySelector(".hb-session__title a").textContent.trim(),
    path: el.querySelector(".hb-session__title a").getAttribute("href"),
    starts: el.querySelector(".hb-session__time time").getAttribute("datetime"),
    places: el.querySelector(".hb-session__places").textContent.trim(),
  })));
  const today = londonAt(Date.now()).date;
  const seen = {};
  const found = [];
  for (const c of cards) {
    const nth = seen[c.title] = (seen[c.title] ?? -1) + 1;
    const m = /^(\d+) places? left$/.exec(c.places);
    if (m && londonAt(Date.parse(c.starts)).date !== today) found.push({ title: c.title, nth, path: c.path, left: Number(m[1]) });
  }
  return found;
}

// claimed are the sessions the tests in this file have taken, so that no
// two of them book on the same one and each sees only its own places move
// (the demo data has bookings of its own, which they leave alone).
const claimed = new Set();

// claimSession opens the programme on page and takes the first session no
// other test has that fits (an async check of one), or with fewest, the
// one with the fewest places left.
async function claimSession(page, { fits = async () => true, fewest = false } = {}) {
  const list = await bookableSessions(page);
  if (fewest) list.sort((a, b) => a.left - b.left);
  for (const s of list) {
    if (!claimed.has(s.path) && await fits(s)) {
      claimed.add(s.path);
      return s;
    }
  }
  assert.fail(`no session in the programme fits (of ${list.length} bookable)`);
}

// openSession clicks the session's title in the programme (which the page
// must be showing) and checks its page offers booking. It returns the
// session's path.
async function openSession(page, s) {
  await page.getByRole("link", { name: s.title, exact: true }).nth(s.nth).click();
  await page.waitForURL(/\/sessions\/[a-z0-9]+$/);
  assert.equal(await page.locator("h1").innerText(), s.title);
  assert.equal(await page.getByRole("heading", { name: "Book a place", level: 2 }).count(), 1, `${s.title} has no "Book a place"`);
  return new URL(page.url()).pathname;
}

// summaryValue is the value beside key in the page's (first) summary list.
async function summaryValue(page, key) {
  const item = page.locator(".ds_summary-list__item").filter({ has: page.locator("dt", { hasText: new RegExp(`^${key}$`) }) });
  return (await item.locator("dd").first().innerText()).trim();
}

// placesLeft reads the places left from a session's public page.
async function placesLeft(page) {
  const text = await summaryValue(page, "Places");
  if (text === "Fully booked") return 0;
  const m = /^(\d+) places? left$/.exec(text);
  assert.ok(m, `places on the session page: ${text}`);
  return Number(m[1]);
}

async function errorSummary(page) {
  return page.locator(".ds_error-summary").innerText();
}

// londonAt is the date and time of day in Europe/London, the time zone
// hubbook shows sessions in, at the moment ms.
function londonAt(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

// addSessionToday adds, as the staff member signed in on page, a one-off
// session with places, starting a few minutes from now (the form refuses a
// start in the past), through the staff form. It returns its title and id,
// or null when it is too late in the London day to fit one before
// midnight: after 23:30 the start (now + 6 minutes) and the end (20
// minutes later) could fall on different days, or tomorrow.
async function addSessionToday(page, title, places) {
  const now = Date.now();
  if (londonAt(now).minutes > 23 * 60 + 30) return null;
  const start = londonAt(now + 6 * 60e3);
  const end = londonAt(now + 26 * 60e3);
  await page.goto(base + "/staff/sessions/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Topic").selectOption({ label: "Meeting people" });
  await page.getByLabel("Who it is for").selectOption({ label: "Adults" });
  await page.getByLabel("Venue").selectOption({ label: "Central Library" });
  await page.locator("#date").fill(start.date);
  await page.getByLabel("Starts at").fill(start.time);
  await page.getByLabel("Ends at").fill(end.time);
  await choose(page, "They book a place");
  await page.getByLabel("Places (when people book)").fill(String(places));
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/\/staff\/sessions\/[a-z0-9]+$/);
  assert.equal(await page.locator(".hb-flash").innerText(), `Added ${title}.`);
  return { title, id: new URL(page.url()).pathname.split("/").pop() };
}

test("a citizen books places on a phone, with a calendar file, and cancels them", async () => {
  const run = Date.now();
  const page = await launched().newPage(phone);
  const s = await claimSession(page, { fits: async (x) => x.left >= 2 });
  const sessionPath = await openSession(page, s);
  const before = await placesLeft(page);
  assert.match(await page.locator("main").innerText(), new RegExp(`${before} places? (is|are) left\\.`));

  // Sent as drawn, the form says what is missing, linked to each field.
  await page.getByRole("button", { name: "Book", exact: true }).click();
  let problems = await errorSummary(page);
  assert.match(problems, /Enter your name/);
  assert.match(problems, /Enter an email address or a mobile number/);
  await page.getByRole("link", { name: "Enter your name" }).click();
  assert.equal(await page.evaluate(() => location.hash), "#name");

  // A second try, with a name, a child and a mistyped postcode: what was
  // typed stays, and only what is still wrong is listed.
  const name = `Morag Citizen ${run}`;
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Children (under 16)").fill("1");
  await page.getByLabel("Your postcode (optional)").fill("EH1 LW");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  problems = await errorSummary(page);
  assert.doesNotMatch(problems, /Enter your name/);
  assert.match(problems, /Enter an email address or a mobile number/);
  assert.match(problems, /Enter a postcode like EH1 1EG/);
  assert.equal(await page.getByLabel("Your name").inputValue(), name);
  assert.equal(await page.getByLabel("Children (under 16)").inputValue(), "1");
  assert.equal(await page.getByLabel("Your postcode (optional)").inputValue(), "EH1 LW");
  assert.equal(await page.getByLabel("Your postcode (optional)").getAttribute("aria-invalid"), "true");

  const email = `morag.${run}@example.com`;
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Adults", { exact: true }).fill("1");
  await page.getByLabel("Your postcode (optional)").fill("EH1 1LW");
  await choose(page, "Email me a reminder before the session");
  assert.equal(await page.getByLabel("Email me a reminder before the session").isChecked(), true);
  await page.getByRole("button", { name: "Book", exact: true }).click();

  // The confirmation: a reference to read out, the booking, a calendar file.
  await page.waitForURL(/\/bookings\/[^/]+\?new=1$/);
  const manageURL = page.url().replace(/\?new=1$/, "");
  assert.equal(await page.getByRole("heading", { name: "Your place is booked" }).count(), 1);
  const ref = (await page.locator(".hb-reference").innerText()).trim();
  assert.match(ref, reference);
  assert.equal(await page.locator("h1").innerText(), s.title);
  assert.equal(await summaryValue(page, "Places"), "2 people (1 child)");
  assert.equal(await summaryValue(page, "Name"), name);
  assert.equal(await summaryValue(page, "Contact"), email);

  const calendar = page.getByRole("link", { name: "Add to your calendar" });
  assert.notEqual(await calendar.getAttribute("download"), null, "the calendar link is not a download");
  const ics = await page.request.get(new URL(await calendar.getAttribute("href"), page.url()).href);
  assert.equal(ics.status(), 200);
  assert.match(ics.headers()["content-type"], /^text\/calendar\b/);
  // Unfold the lines (RFC 5545 folds at 75 octets) and undo text escapes.
  const body = (await ics.text()).replace(/\r?\n[ \t]/g, "").replace(/\\([,;\\])/g, "$1");
  assert.match(body, /^BEGIN:VCALENDAR\r?\n/);
  assert.ok(body.includes(`SUMMARY:${s.title}`), `the calendar file has no SUMMARY:${s.title}:\n${body}`);

  // Two places fewer on the session's page.
  await page.getByRole("link", { name: "About this session and how to get there" }).click();
  assert.equal(new URL(page.url()).pathname, sessionPath);
  assert.equal(await placesLeft(page), before - 2);

  // Cancelling, from the link, asks first.
  await page.goto(manageURL);
  assert.equal(await page.getByRole("heading", { name: "Your place is booked" }).count(), 0);
  await page.getByRole("link", { name: "Cancel booking" }).click();
  assert.equal(await page.locator("h1").innerText(), "Cancel your booking?");
  assert.match(await page.locator("main").innerText(), new RegExp(`2 places booked under ${ref}`));
  await page.getByRole("button", { name: "Yes, cancel my booking" }).click();
  assert.equal(await page.getByRole("heading", { name: "Your booking is cancelled" }).count(), 1);
  assert.equal(await page.getByRole("link", { name: "Add to your calendar" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Cancel booking" }).count(), 0);

  await page.goto(base + sessionPath);
  assert.equal(await placesLeft(page), before);
  await page.close();
});

test("booking and cancelling need no JavaScript (on a phone with JavaScript off)", async () => {
  const run = Date.now();
  const page = await launched().newPage({ ...phone, javaScriptEnabled: false });
  const s = await claimSession(page);
  await openSession(page, s);
  const before = await placesLeft(page);
  await page.getByLabel("Your name").fill(`Ewan NoScript ${run}`);
  await page.getByLabel("Mobile number").fill(`07123 ${String(run).slice(-6)}`);
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await page.waitForURL(/\/bookings\/[^/]+\?new=1$/);
  assert.equal(await page.getByRole("heading", { name: "Your place is booked" }).count(), 1);
  assert.match((await page.locator(".hb-reference").innerText()).trim(), reference);
  assert.equal(await summaryValue(page, "Places"), "1 person");

  await page.getByRole("link", { name: "Cancel booking" }).click();
  await page.getByRole("button", { name: "Yes, cancel my booking" }).click();
  assert.equal(await page.getByRole("heading", { name: "Your booking is cancelled" }).count(), 1);
  await page.getByRole("link", { name: "About this session and how to get there" }).click();
  assert.equal(await placesLeft(page), before);
  await page.close();
});

test("a session without room for the whole party offers the places left or the waitlist, and a full one the waitlist", async () => {
  const run = Date.now();
  const first = await launched().newPage(phone);
  // The session with the fewest places (but room to ask for one more than
  // that in a booking of at most 20) and nobody waiting yet, which the
  // session's page does not show but the open data does.
  const s = await claimSession(first, {
    fewest: true,
    fits: async (x) => {
      if (x.left >= 20) return false;
      const api = await first.request.get(`${base}/api/v1${x.path}`);
      return (await api.json()).waitlist_length === 0;
    },
  });
  const sessionPath = await openSession(first, s);
  const left = await placesLeft(first);
  assert.equal(left, s.left);
  assert.match(await first.locator("main").innerText(), new RegExp(`${left} places? (is|are) left\\.`));

  // Asking for one more than is left: the page says so, keeps the form, and
  // offers both ways on.
  await first.getByLabel("Your name").fill(`Big Party ${run}`);
  await first.getByLabel("Email address", { exact: true }).fill(`party.${run}@example.com`);
  await first.getByLabel("Adults", { exact: true }).fill(String(left + 1));
  await first.getByRole("button", { name: "Book", exact: true }).click();
  const only = `Only ${left} ${left === 1 ? "place is" : "places are"} left`;
  assert.equal(await first.getByRole("heading", { name: only }).count(), 1, `no "${only}"`);
  assert.equal(await first.getByLabel("Adults", { exact: true }).inputValue(), String(left + 1));
  assert.equal(await first.getByRole("button", { name: "Join the waitlist" }).count(), 1);

  // They take the places left instead, which fills the session.
  await first.getByLabel("Adults", { exact: true }).fill(String(left));
  await first.getByRole("button", { name: "Book", exact: true }).click();
  await first.waitForURL(/\/bookings\/[^/]+\?new=1$/);
  assert.equal(await first.getByRole("heading", { name: "Your place is booked" }).count(), 1);
  const firstURL = first.url().replace(/\?new=1$/, "");

  // The next person finds it full: only the waitlist is offered. Their
  // party fits in the places the first one holds.
  const pair = Math.min(2, left);
  const people = pair === 1 ? "1 person" : `${pair} people`;
  const second = await launched().newPage(phone);
  await second.goto(base + sessionPath);
  assert.equal(await placesLeft(second), 0);
  assert.match(await second.locator("main").innerText(), /This session is fully booked\./);
  assert.equal(await second.getByRole("button", { name: "Book", exact: true }).count(), 0);
  await second.getByLabel("Your name").fill(`Patient Pair ${run}`);
  await second.getByLabel("Email address", { exact: true }).fill(`pair.${run}@example.com`);
  await second.getByLabel("Adults", { exact: true }).fill(String(pair));
  await second.getByRole("button", { name: "Join the waitlist" }).click();
  await second.waitForURL(/\/bookings\/[^/]+\?new=1$/);
  const secondURL = second.url().replace(/\?new=1$/, "");
  assert.equal(await second.getByRole("heading", { name: "You are on the waitlist" }).count(), 1);
  assert.equal(await second.locator(".ds_page-header__label").innerText(), "On the waitlist");
  assert.equal(await summaryValue(second, "Waiting for"), people);
  assert.match(await summaryValue(second, "Where you are in line"), /^You are first in line$|ahead of you$/);
  // No calendar entry for a place not yet had: people might turn up.
  assert.equal(await second.getByRole("link", { name: "Add to your calendar" }).count(), 0);

  // The first party cancels: the party on the waitlist gets places at once.
  await first.goto(firstURL);
  await first.getByRole("link", { name: "Cancel booking" }).click();
  await first.getByRole("button", { name: "Yes, cancel my booking" }).click();
  assert.equal(await first.getByRole("heading", { name: "Your booking is cancelled" }).count(), 1);
  await second.goto(secondURL);
  assert.equal(await second.locator(".ds_page-header__label").innerText(), "Booked");
  assert.equal(await summaryValue(second, "Places"), people);
  await second.goto(base + sessionPath);
  assert.equal(await placesLeft(second), left - pair);

  // And give the places back.
  await second.goto(secondURL);
  await second.getByRole("link", { name: "Cancel booking" }).click();
  await second.getByRole("button", { name: "Yes, cancel my booking" }).click();
  await second.goto(base + sessionPath);
  assert.equal(await placesLeft(second), left);
  await first.close();
  await second.close();
});

test("a navigator books on someone's behalf, prints a slip, finds the booking and cancels it", async () => {
  const run = Date.now();
  const page = await launched().newPage(phone);
  await signIn(page, "navigator");
  const s = await claimSession(page);
  const sessionPath = await openSession(page, s);
  const before = await placesLeft(page);

  await page.getByRole("link", { name: "Book on someone's behalf" }).click();
  assert.match(new URL(page.url()).pathname, /^\/desk\/sessions\/[a-z0-9]+\/book$/);
  assert.equal(await page.locator("h1").innerText(), s.title);
  const name = `Walter Phoned ${run}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Book places" }).click();

  // The reference, large, to read out or copy onto a card.
  await page.waitForURL(/\/desk\/bookings\/HB-[A-Z0-9]+\?new=1$/);
  const heading = page.getByRole("heading", { level: 1 });
  const ref = (await heading.innerText()).trim();
  assert.match(ref, reference);
  const size = await heading.evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  assert.ok(size >= 28, `the reference is ${size}px`);
  assert.equal(await page.getByRole("heading", { name: `${name} is booked` }).count(), 1);
  assert.equal(await summaryValue(page, "Party"), "1 person");

  await page.getByRole("link", { name: "Print a slip", exact: true }).click();
  assert.match(new URL(page.url()).pathname, new RegExp(`^/desk/bookings/${ref}/slip$`));
  const slip = await page.locator(".hb-slip").innerText();
  assert.ok(slip.includes(ref), `no ${ref} on the slip`);
  assert.ok(slip.includes(s.title), `no ${s.title} on the slip`);
  assert.ok(slip.includes(name), `no ${name} on the slip`);

  // Found again by its reference, typed in lower case without HB-.
  await page.getByRole("link", { name: "Back to the booking" }).click();
  await page.getByRole("link", { name: "Back to the desk" }).click();
  await page.getByLabel("Reference, name or phone number").fill(ref.slice(3).toLowerCase());
  await page.getByRole("button", { name: "Search" }).click();
  // (A reference of digits only may also match a name with those digits.)
  assert.match(await page.locator("main").innerText(), /\d+ bookings? match/);
  const row = page.getByRole("row").filter({ hasText: name });
  assert.equal(await row.count(), 1);
  await row.getByRole("link", { name: ref }).click();

  await page.getByRole("button", { name: "Cancel this booking" }).click();
  assert.equal(await page.locator(".hb-flash").innerText(), `Booking ${ref} cancelled.`);
  assert.match(await page.locator("main").innerText(), /Cancelled on /);
  assert.equal(await page.getByRole("button", { name: "Cancel this booking" }).count(), 0);

  await page.goto(base + sessionPath);
  assert.equal(await placesLeft(page), before);
  await page.close();
});

test("a navigator records walk-ins at a session happening today", async (t) => {
  const run = Date.now();
  const staff = await launched().newPage(phone);
  await signIn(staff, "staff");
  // The demo programme starts tomorrow, and walk-ins are recorded only on
  // the day, so staff add a session for today first: too late in the
  // London day (after 23:30) for one to fit before midnight, there is
  // nothing to test.
  const today = await addSessionToday(staff, `Drop-by chat ${run % 1e6}`, 10);
  await staff.close();
  if (!today) {
    t.skip("after 23:30 in London there is no time left today for a session to record walk-ins at");
    return;
  }

  const page = await launched().newPage(phone);
  await signIn(page, "navigator");
  await page.goto(base + "/desk");
  const row = page.getByRole("row").filter({ hasText: today.title });
  assert.equal(await row.count(), 1, `${today.title} is not in the desk's "Today"`);
  assert.match(await row.innerText(), /10 places left/);
  // The table of today's sessions scrolls inside its own box: the page
  // itself is never wider than the phone.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    "the desk page is wider than the phone's screen");
  await row.getByRole("link", { name: `Record walk-ins at ${today.title}` }).click();
  await page.waitForURL(/\/walk-ins$/);
  assert.equal(await page.locator("h1").innerText(), today.title);
  assert.equal(await summaryValue(page, "Walk-ins so far"), "0");

  await page.getByLabel("How many people?").fill("3");
  await page.getByRole("button", { name: "Record walk-ins" }).click();
  assert.equal(await page.locator(".hb-flash").innerText(), `3 walk-ins recorded at ${today.title}.`);
  assert.equal(await summaryValue(page, "Walk-ins so far"), "3");
  assert.equal(await summaryValue(page, "Places"), "7 places left");
  assert.equal(await page.getByLabel("How many people?").inputValue(), "");

  await page.goto(`${base}/sessions/${today.id}`);
  assert.equal(await placesLeft(page), 7);
  await page.close();
});

test("every booking page passes an automated WCAG 2.1 AA check (axe-core) on a phone", async () => {
  const run = Date.now();
  const problems = [];
  const check = async (page, what) => {
    for (const p of await axeProblems(page)) problems.push(`${what} (${new URL(page.url()).pathname}): ${p}`);
  };
  // axe is injected as an inline script, which our CSP (rightly) forbids.
  const options = { ...phone, bypassCSP: true };

  // A citizen: the form, its errors, the booking's page, cancelling, a lost link.
  const citizen = await launched().newPage(options);
  const s = await claimSession(citizen, { fits: async (x) => x.left >= 2 });
  const sessionPath = await openSession(citizen, s);
  const sessionID = sessionPath.split("/").pop();
  await check(citizen, "the session page with the booking form");
  await citizen.getByRole("button", { name: "Book", exact: true }).click();
  assert.equal(await citizen.locator(".ds_error-summary").count(), 1);
  await check(citizen, "the booking form with errors");
  await citizen.getByLabel("Your name").fill(`Aileen Axe ${run}`);
  await citizen.getByLabel("Email address", { exact: true }).fill(`aileen.${run}@example.com`);
  await citizen.getByLabel("Adults", { exact: true }).fill("2");
  await citizen.getByRole("button", { name: "Book", exact: true }).click();
  await citizen.waitForURL(/\/bookings\/[^/]+\?new=1$/);
  await check(citizen, "the booking's confirmation and manage page");
  await citizen.getByRole("link", { name: "Cancel booking" }).click();
  await check(citizen, "the cancel confirmation page");
  await citizen.goto(base + "/bookings/lost");
  await check(citizen, "the lost link page");
  await citizen.close();

  // A navigator at the desk.
  const desk = await launched().newPage(options);
  await signIn(desk, "navigator");
  await desk.goto(`${base}/desk/sessions/${sessionID}/book`);
  await desk.getByRole("button", { name: "Book places" }).click();
  assert.equal(await desk.locator(".ds_error-summary").count(), 1);
  await check(desk, "the desk booking form with errors");
  await desk.getByLabel("Name", { exact: true }).fill(`Duncan Desk ${run}`);
  await desk.getByRole("button", { name: "Book places" }).click();
  await desk.waitForURL(/\/desk\/bookings\/HB-[A-Z0-9]+\?new=1$/);
  const ref = (await desk.getByRole("heading", { level: 1 }).innerText()).trim();
  await check(desk, "the desk booking page");
  await desk.getByRole("link", { name: "Print a slip", exact: true }).click();
  await check(desk, "the slip");
  await desk.goto(`${base}/desk?q=${encodeURIComponent(ref)}`);
  assert.match(await desk.locator("main").innerText(), /1 booking matches/);
  await check(desk, "the desk home with a search result");

  // Staff: a session for today, for the walk-ins form (on another day the
  // page only says walk-ins are recorded on the day), and later a
  // session's bookings.
  const staff = await launched().newPage(options);
  await signIn(staff, "staff");
  const today = await addSessionToday(staff, `Axe cafe ${run % 1e6}`, 10);
  if (today) {
    await desk.goto(`${base}/desk/sessions/${today.id}/walk-ins`);
    await desk.getByLabel("How many people?").fill("2");
    await desk.getByRole("button", { name: "Record walk-ins" }).click();
    assert.match(await desk.locator(".hb-flash").innerText(), /2 walk-ins recorded/);
    await check(desk, "the walk-ins page, after recording some");
  } else {
    await desk.goto(`${base}/desk/sessions/${sessionID}/walk-ins`);
    await check(desk, "the walk-ins page of a session on another day");
  }
  await desk.close();
  await staff.goto(`${base}/staff/sessions/${sessionID}/bookings`);
  assert.match(await staff.locator("main").innerText(), new RegExp(`Aileen Axe ${run}`));
  await check(staff, "a session's bookings, as staff");
  await staff.close();

  assert.deepEqual(problems, []);
});
