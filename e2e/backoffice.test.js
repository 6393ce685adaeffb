// Browser tests of the back office: staff, partners and navigators sign in
// with the demo accounts (internal/demo/accounts.go), and the programme is
// shaped through real forms, in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, phone, desktop, useBrowser, axeProblems } from "./support.js";

const launched = useBrowser();
const demo = {
  admin: ["admin@demo.hubbook.test", "demo-admin-2026!"],
  staff: ["staff@demo.hubbook.test", "demo-staff-2026!"],
  navigator: ["navigator@demo.hubbook.test", "demo-navigator-2026!"],
  partner: ["partner@demo.hubbook.test", "demo-partner-2026!"],
};

async function signIn(page, role) {
  await page.goto(base + "/login");
  await page.getByLabel("Email address").fill(demo[role][0]);
  await page.getByLabel("Password").fill(demo[role][1]);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// choose ticks a radio button or checkbox by clicking its label, as people
// do: the design system draws its own box over the input.
async function choose(page, label) {
  await page.locator("label", { hasText: label }).click();
}

// inTwoWeeks is a date two weeks ahead, as YYYY-MM-DD.
function inTwoWeeks() {
  return new Date(Date.now() + 14 * 86400e3).toISOString().slice(0, 10);
}

for (const [name, options] of [["on a phone with JavaScript", phone], ["on a desktop without JavaScript", { ...desktop, javaScriptEnabled: false }]]) {
  test(`staff add a weekly series and it shows in the programme (${name})`, async () => {
    const page = await launched().newPage(options);
    await signIn(page, "staff");
    assert.match(new URL(page.url()).pathname, /^\/staff$/);
    await page.goto(base + "/staff/sessions/new");
    // Sent empty, the form says what is missing, next to each field.
    await page.getByRole("button", { name: "Save" }).click();
    assert.match(await page.locator(".ds_error-summary").innerText(), /Enter a title/);
    const title = `Knit and natter ${options.javaScriptEnabled === false ? "desk" : "phone"} ${Date.now() % 100000}`;
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Topic").selectOption({ label: "Meeting people" });
    await page.getByLabel("Who it is for").selectOption({ label: "Adults" });
    await page.getByLabel("Venue").selectOption({ label: "Northfield Community Hub" });
    await page.locator("#date").fill(inTwoWeeks());
    await page.getByLabel("Starts at").fill("10:30");
    await page.getByLabel("Ends at").fill("12:00");
    await choose(page, "They book a place");
    await page.getByLabel("Places (when people book)").fill("12");
    await choose(page, "Every week");
    await choose(page, "After a number of sessions");
    await page.getByLabel(/^Number of sessions/).fill("3");
    await page.getByRole("button", { name: "Save" }).click();
    assert.match(await page.getByRole("status").first().innerText(), /Added 3 sessions of .*Every week, 3 sessions/);
    await page.goto(base + "/?venue=northfield-community-hub&theme=isolation");
    assert.equal(await page.getByRole("link", { name: title }).count(), 3);
    await page.close();
  });
}

test("a partner proposes a session, staff approve it, and it joins the programme", async () => {
  const partner = await launched().newPage(phone);
  await signIn(partner, "partner");
  assert.match(new URL(partner.url()).pathname, /^\/partner$/);
  await partner.getByRole("link", { name: "Propose a session" }).click();
  const title = `Stress less walk ${Date.now() % 100000}`;
  await partner.getByLabel("Title").fill(title);
  await partner.getByLabel("Topic").selectOption({ label: "Mental wellbeing" });
  await partner.getByLabel("Who it is for").selectOption({ label: "Everyone" });
  await partner.getByLabel("Venue").selectOption({ label: "Central Library" });
  await partner.locator("#date").fill(inTwoWeeks());
  await partner.getByLabel("Starts at").fill("13:00");
  await partner.getByLabel("Ends at").fill("14:00");
  await choose(partner, "They drop in, no booking");
  await partner.getByRole("button", { name: "Send proposal to staff" }).click();
  assert.match(await partner.locator("main").innerText(), new RegExp(`${title}.*Proposed, waiting for staff`));

  const staff = await launched().newPage(desktop);
  await signIn(staff, "staff");
  await staff.goto(base + "/staff/proposals");
  await staff.getByRole("button", { name: `Approve ${title}` }).click();
  assert.match(await staff.getByRole("status").first().innerText(), /Approved/);
  await staff.goto(base + "/?venue=central-library&theme=mental-wellbeing");
  assert.equal(await staff.getByRole("link", { name: title }).count(), 1);
  await partner.close();
  await staff.close();
});

test("signing in with a wrong password says so without saying which part was wrong", async () => {
  const page = await launched().newPage(phone);
  await page.goto(base + "/login");
  await page.getByLabel("Email address").fill(demo.staff[0]);
  await page.getByLabel("Password").fill("not the right password");
  await page.getByRole("button", { name: "Sign in" }).click();
  assert.match(await page.locator(".ds_error-summary").innerText(), /Enter the email address and password of an account that is in use/);
  assert.equal(await page.getByLabel("Email address").inputValue(), demo.staff[0]);
  await page.close();
});

test("every back-office page passes an automated WCAG 2.1 AA check (axe-core)", async () => {
  const pages = {
    staff: ["/staff", "/staff/sessions", "/staff/sessions/new", "/staff/proposals", "/staff/venues", "/staff/partners", "/staff/themes",
      "/staff/evaluation", "/staff/suggestions"],
    navigator: ["/desk", "/desk/people", "/desk/people?q=nobody@example.org"],
    partner: ["/partner", "/partner/sessions/new", "/partner/evaluation"],
    admin: ["/admin", "/admin/users/new", "/admin/audit"],
  };
  for (const options of [phone, desktop]) {
    for (const [role, paths] of Object.entries(pages)) {
      const page = await launched().newPage({ ...options, bypassCSP: true });
      await signIn(page, role);
      for (const path of paths) {
        await page.goto(base + path);
        const problems = await axeProblems(page);
        assert.deepEqual(problems, [], `${path} as ${role} at ${options.viewport.width}px`);
      }
      await page.close();
    }
  }
  // And the sign-in page and a form with errors.
  const page = await launched().newPage({ ...desktop, bypassCSP: true });
  await page.goto(base + "/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  assert.deepEqual(await axeProblems(page), [], "/login with errors");
  await page.close();
});
