// The iCalendar feeds as a calendar client reads them: Mozilla's ical.js,
// the parser in Thunderbird, reads the public programme feed and one
// session's file, and every event's times are checked against the
// sessions the JSON API reads from the database. Staff add two sessions
// through the real form first, one in winter (GMT) and one in summer
// (BST), with titles that need escaping and folding, so the round trip
// through the encoder and a real parser is seen end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import ICAL from "ical.js";
import { base, desktop, phone, useBrowser, axeProblems } from "./support.js";

// ical.js knows neither NAME (RFC 7986) nor X-WR-CALNAME, and gives the
// value of a property it does not know as written, escapes and all. Both
// are TEXT (NAME by RFC 7986, X-WR-CALNAME as Apple, Google and Outlook
// read it), so tell it, as a client that shows the name does.
ICAL.design.icalendar.property["name"] ??= { defaultType: "text" };
ICAL.design.icalendar.property["x-wr-calname"] ??= { defaultType: "text" };

const launched = useBrowser();
const staff = ["staff@demo.hubbook.test", "demo-staff-2026!"];
const run = Date.now() % 100000;

// The two sessions this file adds. The winter title has every character
// iCalendar escapes in text (comma, semicolon, backslash) and an emoji; the
// summer one is long enough, in octets, to be folded, with two- and
// four-byte characters for a fold to fall among.
const winter = {
  title: `Feeds check, winter; tea \\ biscuits 🫖 ${run}`,
  month: 1,
};
const summer = {
  title: `Été au jardin: crème brûlée, café; piñata \\ naïve résumé 🎉🎉 fête d’été ${run}`,
  month: 7,
};

async function signIn(page) {
  await page.goto(base + "/login");
  await page.getByLabel("Email address").fill(staff[0]);
  await page.getByLabel("Password").fill(staff[1]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

async function choose(page, label) {
  await page.locator("label", { hasText: label }).click();
}

// nextFifteenth is the year of the next 15th of month (1–12) that is
// at least two days away, so the session is upcoming whatever today is.
function nextFifteenth(month) {
  const now = new Date();
  let year = now.getUTCFullYear();
  if (Date.UTC(year, month - 1, 15) < Date.now() + 2 * 86400e3) year++;
  return year;
}

// addSession fills in the staff form for a drop-in session on the 15th of
// s.month, 10:00 to 11:30 London time, and notes its year and public id
// in s.
async function addSession(page, s) {
  s.year = nextFifteenth(s.month);
  await page.goto(base + "/staff/sessions/new");
  await page.getByLabel("Title").fill(s.title);
  await page.getByLabel("Topic").selectOption({ label: "Meeting people" });
  await page.getByLabel("Who it is for").selectOption({ label: "Adults" });
  await page.getByLabel("Venue").selectOption({ label: "Northfield Community Hub" });
  await page.locator("#date").fill(`${s.year}-${String(s.month).padStart(2, "0")}-15`);
  await page.getByLabel("Starts at").fill("10:00");
  await page.getByLabel("Ends at").fill("11:30");
  await choose(page, "They drop in, no booking");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/\/staff\/sessions\/[^/]+$/);
  assert.equal(await page.getByRole("status").first().innerText(), `Added ${s.title}.`);
  s.id = new URL(page.url()).pathname.split("/").pop();
}

// contentLines checks the raw bytes of a calendar as RFC 5545 (3.1) wants
// them: every line ends with CRLF, no bare CR or LF, no line longer than
// 75 octets, and no fold splits a UTF-8 character (each physical line
// decodes on its own). It returns the physical lines.
function contentLines(body) {
  const buf = Buffer.from(body);
  const crlf = Buffer.from("\r\n");
  assert.ok(buf.subarray(-2).equals(crlf), "the calendar does not end with CRLF");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lines = [];
  for (let start = 0; start < buf.length;) {
    const end = buf.indexOf(crlf, start);
    const bytes = buf.subarray(start, end);
    const n = lines.length + 1;
    assert.ok(!bytes.includes(0x0a) && !bytes.includes(0x0d), `line ${n} has a bare CR or LF`);
    assert.ok(bytes.length <= 75, `line ${n} is ${bytes.length} octets: ${bytes}`);
    let line;
    assert.doesNotThrow(() => { line = decoder.decode(bytes); }, `line ${n} is not UTF-8 on its own (a fold split a character): ${bytes.toString("hex")}`);
    lines.push(line);
    start = end + 2;
  }
  return lines;
}

// unfolded joins folded lines back into content lines (RFC 5545 3.1).
function unfolded(lines) {
  const out = [];
  for (const l of lines) {
    if (l.startsWith(" ") || l.startsWith("\t")) out[out.length - 1] += l.slice(1);
    else out.push(l);
  }
  return out;
}

// getCalendar fetches a calendar, checks its answer and bytes, and parses
// it with ical.js.
async function getCalendar(path) {
  const res = await fetch(base + path);
  assert.equal(res.status, 200, path);
  assert.equal(res.headers.get("content-type"), "text/calendar; charset=utf-8", path);
  const body = new Uint8Array(await res.arrayBuffer());
  const lines = contentLines(body);
  const cal = new ICAL.Component(ICAL.parse(new TextDecoder().decode(body)));
  return { res, lines, cal };
}

// apiSessions pages through the upcoming programme in the JSON API
// (filtered by query) and returns the sessions by id.
async function apiSessions(query = "") {
  const byID = new Map();
  for (let page = 1; ; page++) {
    const res = await fetch(`${base}/api/v1/sessions?per_page=100&page=${page}${query}`);
    assert.equal(res.status, 200);
    const body = await res.json();
    for (const s of body.sessions) byID.set(s.id, s);
    if (body.sessions.length === 0 || page * body.per_page >= body.total) {
      assert.equal(byID.size, body.total, "the API's pages do not add up to its total");
      return byID;
    }
  }
}

// event reads what the tests compare from a VEVENT, as ical.js sees it.
function event(vevent) {
  const uid = vevent.getFirstPropertyValue("uid");
  const id = /^session-([^@]+)@/.exec(uid)?.[1];
  assert.ok(id, `UID ${uid} is not session-{id}@host`);
  const time = (name) => {
    const prop = vevent.getFirstProperty(name);
    assert.ok(prop, `${uid} has no ${name.toUpperCase()}`);
    const t = prop.getFirstValue();
    assert.equal(t.zone?.tzid, "UTC", `${uid} ${name.toUpperCase()} is not in UTC: ${prop.toICALString()}`);
    return t.toJSDate();
  };
  return {
    uid, id,
    start: time("dtstart"),
    end: time("dtend"),
    summary: vevent.getFirstPropertyValue("summary"),
    url: vevent.getFirstPropertyValue("url"),
    status: vevent.getFirstPropertyValue("status"),
    location: vevent.getFirstPropertyValue("location"),
    categories: vevent.getFirstProperty("categories")?.getValues(),
  };
}

// feedEvents reads every event of a feed into a map by session id, and
// checks on the way what every event must carry.
function feedEvents(cal) {
  const events = new Map();
  for (const vevent of cal.getAllSubcomponents("vevent")) {
    const e = event(vevent);
    for (const name of ["uid", "dtstamp", "sequence", "status", "location", "url", "categories"]) {
      assert.ok(vevent.hasProperty(name), `${e.uid} has no ${name.toUpperCase()}`);
    }
    assert.equal(vevent.getFirstProperty("dtstamp").getFirstValue().zone?.tzid, "UTC", `${e.uid} DTSTAMP is not in UTC`);
    assert.ok(Number.isInteger(vevent.getFirstPropertyValue("sequence")), `${e.uid} SEQUENCE is not a number`);
    assert.ok(["CONFIRMED", "CANCELLED"].includes(e.status), `${e.uid} STATUS is ${e.status}`);
    assert.ok(e.url.endsWith(`/sessions/${e.id}`), `${e.uid} URL ${e.url} is not its session's page`);
    assert.ok(e.categories.length > 0 && e.categories.every((c) => c !== ""), `${e.uid} has empty CATEGORIES`);
    assert.ok(!events.has(e.id), `${e.uid} is in the feed twice`);
    events.set(e.id, e);
  }
  return events;
}

// matchesAPI checks a feed against the API's upcoming sessions with the
// same filters: every event not yet ended (with a minute's margin for the
// time between the two requests) is an API session with the same instants
// to the millisecond, title, page and status; and every scheduled API
// session is in the feed. (A session called off more than 30 days ago
// leaves the feed but stays in the API, so cancelled ones may be missing.)
function matchesAPI(events, api, fetchedAt) {
  let upcoming = 0;
  for (const e of events.values()) {
    if (e.end.getTime() <= fetchedAt + 60e3) continue;
    upcoming++;
    const s = api.get(e.id);
    assert.ok(s, `${e.uid} (${e.summary}, ${e.start.toISOString()}) is upcoming but not in the API`);
    assert.equal(e.start.getTime(), Date.parse(s.starts_at), `${e.uid} DTSTART ${e.start.toISOString()}, API starts_at ${s.starts_at}`);
    assert.equal(e.end.getTime(), Date.parse(s.ends_at), `${e.uid} DTEND ${e.end.toISOString()}, API ends_at ${s.ends_at}`);
    assert.equal(e.summary, s.title, `${e.uid} SUMMARY`);
    assert.equal(e.url, s.url, `${e.uid} URL`);
    assert.equal(e.status, s.status === "cancelled" ? "CANCELLED" : "CONFIRMED", `${e.uid} STATUS, API status ${s.status}`);
  }
  for (const s of api.values()) {
    if (s.status === "scheduled" && Date.parse(s.ends_at) > fetchedAt + 60e3) {
      assert.ok(events.has(s.id), `API session ${s.id} (${s.title}, ${s.starts_at}) is not in the feed`);
    }
  }
  return upcoming;
}

test("staff add a winter and a summer session with titles that need escaping and folding", async () => {
  assert.ok(Buffer.byteLength(`SUMMARY:${summer.title}`) > 75, "the summer title would not be folded");
  const page = await launched().newPage(desktop);
  await signIn(page);
  await addSession(page, winter);
  await addSession(page, summer);
  await page.close();
});

test("ical.js reads the programme feed, and every upcoming event has the database's times", async () => {
  assert.ok(winter.id && summer.id, "the sessions were not added");
  const fetchedAt = Date.now();
  const { lines, cal } = await getCalendar("/feeds/programme.ics");
  const api = await apiSessions();

  assert.equal(cal.name, "vcalendar");
  assert.equal(cal.getFirstPropertyValue("version"), "2.0");
  assert.equal(cal.getFirstPropertyValue("method"), "PUBLISH");
  const name = cal.getFirstPropertyValue("x-wr-calname");
  assert.ok(name, "no X-WR-CALNAME");
  assert.equal(cal.getFirstPropertyValue("name"), name);
  const refresh = cal.getFirstProperty("refresh-interval");
  assert.ok(refresh, "no REFRESH-INTERVAL");
  assert.equal(refresh.type, "duration");
  assert.equal(refresh.getFirstValue().toString(), "PT1H");
  assert.equal(refresh.getFirstValue().toSeconds(), 3600);

  const events = feedEvents(cal);
  assert.ok(matchesAPI(events, api, fetchedAt) > 2, "the feed has no upcoming demo sessions");

  // The two sessions added: 10:00 London is 10:00 UTC in January (GMT)
  // and 09:00 UTC in July (BST), and the titles come back as typed.
  const w = events.get(winter.id);
  const s = events.get(summer.id);
  assert.ok(w, `the winter session ${winter.id} is not in the feed`);
  assert.ok(s, `the summer session ${summer.id} is not in the feed`);
  assert.equal(w.start.toISOString(), `${winter.year}-01-15T10:00:00.000Z`);
  assert.equal(w.end.toISOString(), `${winter.year}-01-15T11:30:00.000Z`);
  assert.equal(s.start.toISOString(), `${summer.year}-07-15T09:00:00.000Z`);
  assert.equal(s.end.toISOString(), `${summer.year}-07-15T10:30:00.000Z`);
  assert.equal(api.get(winter.id).starts_at, `${winter.year}-01-15T10:00:00Z`);
  assert.equal(api.get(summer.id).starts_at, `${summer.year}-07-15T10:00:00+01:00`);
  assert.equal(w.summary, winter.title);
  assert.equal(s.summary, summer.title);
  for (const e of [w, s]) {
    assert.equal(e.status, "CONFIRMED");
    assert.deepEqual(e.categories, ["Meeting people"]);
    assert.match(e.location, /^Northfield Community Hub, /);
  }

  // On the wire: both titles escaped as RFC 5545 (3.3.11) says, and the
  // summer one folded.
  const summaries = unfolded(lines).filter((l) => l.startsWith("SUMMARY:"));
  assert.ok(summaries.includes(`SUMMARY:Feeds check\\, winter\\; tea \\\\ biscuits 🫖 ${run}`), "the winter SUMMARY is not escaped as RFC 5545 says");
  assert.ok(summaries.includes(`SUMMARY:Été au jardin: crème brûlée\\, café\\; piñata \\\\ naïve résumé 🎉🎉 fête d’été ${run}`), "the summer SUMMARY is not escaped as RFC 5545 says");
  const at = lines.findIndex((l) => l.startsWith("SUMMARY:Été au jardin"));
  assert.ok(lines[at + 1].startsWith(" "), "the summer SUMMARY is not folded");
});

test("the feed narrowed by venue and topic holds the API's sessions with the same filters", async () => {
  assert.ok(winter.id && summer.id, "the sessions were not added");
  const query = "venue=northfield-community-hub&theme=isolation";
  const fetchedAt = Date.now();
  const { cal } = await getCalendar(`/feeds/programme.ics?${query}`);
  const api = await apiSessions(`&${query}`);
  assert.match(cal.getFirstPropertyValue("x-wr-calname"), /: Northfield Community Hub, Meeting people$/);
  const events = feedEvents(cal);
  matchesAPI(events, api, fetchedAt);
  assert.ok(events.has(winter.id) && events.has(summer.id), "the added sessions are not in the narrowed feed");
  for (const e of events.values()) {
    assert.deepEqual(e.categories, ["Meeting people"], `${e.uid} in the narrowed feed`);
  }
});

test("one session's calendar file has the same event as the feed", async () => {
  assert.ok(summer.id, "the session was not added");
  const { res, cal } = await getCalendar(`/sessions/${summer.id}/calendar.ics`);
  assert.match(res.headers.get("content-disposition") ?? "", new RegExp(`attachment; filename="${summer.id}\\.ics"`));
  assert.equal(cal.getFirstPropertyValue("method"), "PUBLISH");
  assert.equal(cal.getFirstPropertyValue("x-wr-calname"), summer.title);
  const vevents = cal.getAllSubcomponents("vevent");
  assert.equal(vevents.length, 1);
  const e = event(vevents[0]);
  assert.equal(e.id, summer.id);
  assert.equal(e.start.toISOString(), `${summer.year}-07-15T09:00:00.000Z`);
  assert.equal(e.end.toISOString(), `${summer.year}-07-15T10:30:00.000Z`);
  assert.equal(e.summary, summer.title);
});

test("a client whose copy of the feed is current is told 304 Not Modified", async () => {
  const path = "/feeds/programme.ics";
  // A version the server sees for the first time has no Last-Modified for
  // a second (If-Modified-Since has whole seconds): ask once, wait, ask.
  await (await fetch(base + path)).arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const first = await fetch(base + path);
  assert.equal(first.status, 200);
  await first.arrayBuffer();
  const etag = first.headers.get("etag");
  const modified = first.headers.get("last-modified");
  assert.match(etag ?? "", /^"[^"]+"$/, "no strong ETag");
  assert.ok(modified, "no Last-Modified");

  for (const headers of [{ "If-None-Match": etag }, { "If-Modified-Since": modified }]) {
    const res = await fetch(base + path, { headers });
    assert.equal(res.status, 304, JSON.stringify(headers));
    assert.equal(await res.text(), "", `a body with ${JSON.stringify(headers)}`);
    assert.equal(res.headers.get("etag"), etag);
  }
  // A copy that is not current is sent the feed again.
  const stale = await fetch(base + path, { headers: { "If-None-Match": '"not-the-tag"' } });
  assert.equal(stale.status, 200);
  assert.match(await stale.text(), /^BEGIN:VCALENDAR\r\n/);
});

test("a partner and a staff member subscribe to their own feeds, and a new address stops the old", async () => {
  const accounts = {
    "/partner/feed": ["partner@demo.hubbook.test", "demo-partner-2026!"],
    "/staff/feed": staff,
  };
  for (const [path, [email, password]] of Object.entries(accounts)) {
    const page = await launched().newPage({ ...phone, bypassCSP: true });
    await page.goto(base + "/login");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));

    await page.goto(base + path);
    await page.getByRole("button", { name: /^Make (an|a new) address$/ }).click();
    await page.waitForURL(base + path);
    const address = await page.getByLabel(/^Calendar address/).first().inputValue();
    assert.match(address, /^http:\/\/[^/]+\/feeds\/(partners|venues\/[a-z0-9-]+)\/[A-Za-z0-9_-]{43}\.ics$/, `${path} shows ${address}`);
    assert.deepEqual(await axeProblems(page), [], `${path} with an address`);

    const { cal } = await getCalendar(new URL(address).pathname);
    const vevents = cal.getAllSubcomponents("vevent");
    assert.ok(vevents.length > 0, `the feed from ${path} is empty`);
    for (const v of vevents) {
      assert.ok(["CONFIRMED", "TENTATIVE", "CANCELLED"].includes(v.getFirstPropertyValue("status")));
    }
    // Private feeds carry booking figures for bookable sessions.
    const descriptions = vevents.map((v) => v.getFirstPropertyValue("description") ?? "");
    if (path === "/staff/feed") {
      assert.ok(descriptions.some((d) => /Booked: \d+ of \d+ places\./.test(d)), "no booking figures in the staff feed");
    }

    await page.getByRole("button", { name: "Make a new address" }).click();
    await page.waitForURL(base + path);
    assert.match(await page.getByRole("status").first().innerText(), /The old one no longer works/);
    const replaced = await page.getByLabel(/^Calendar address/).first().inputValue();
    assert.notEqual(replaced, address);
    assert.equal((await fetch(address)).status, 404, "the old address still works");
    assert.equal((await fetch(replaced)).status, 200, "the new address does not work");
    await page.close();
  }
});
