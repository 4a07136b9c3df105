// Drives Debian's chromium (headless) over a published site served at BASE (argv[2]), the way
// a reader uses it; exits non-zero with the reason on the first thing that does not work.
// With SHOTS=DIR, also writes screenshots at desktop and phone widths into DIR.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.argv[2];
const shots = process.env.SHOTS;
const profile = mkdtempSync(join(tmpdir(), "sec-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
const problems = [];
const page = context.pages()[0] || (await context.newPage());
page.on("console", (m) => { if (m.type() === "error") problems.push(`console error on ${page.url()}: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
function check(ok, what) { if (!ok) { throw new Error(what); } }
async function shot(name, width) {
  if (!shots) return;
  await page.setViewportSize({ width, height: width < 500 ? 800 : 900 });
  await page.screenshot({ path: join(shots, `${name}-${width < 500 ? "phone" : "desktop"}.png`) });
}
try {
  // The home page: the current version and its documents.
  await page.goto(`${base}/index.html`);
  check((await page.locator("h1").innerText()) === "Smart Energy Code", "the home page has its heading");
  check((await page.locator("p.lead").innerText()).includes("Version 1.2, in force from 3.11.2022"), "the home page names the current version and its date");
  await shot("home", 1280); await shot("home", 390); await page.setViewportSize({ width: 1280, height: 900 });
  // A document page, from the list of documents.
  await page.getByRole("link", { name: "Appendix Z: CPL Requirements Document" }).first().click();
  check(page.url().endsWith("/z.html"), `the document link opens z.html, not ${page.url()}`);
  const note = page.locator('[id="Z:6.2"] ul.notes li').first();
  check((await note.innerText()).startsWith("Words substituted by MP209 “Lifetime CPA Certificates” (SEC Release 2022-08-adhoc, in force 1.8.2022)."),
    `the amendment note of Z:6.2 reads as the Code's notes do: ${await note.innerText()}`);
  await page.locator('[id="Z:6.2"]').scrollIntoViewIfNeeded();
  await page.evaluate(() => { location.hash = "Z:6.2"; });
  await shot("document-note", 1280); await shot("document-note", 390); await page.setViewportSize({ width: 1280, height: 900 });
  // The note's link opens the release's redline at that provision.
  await note.getByRole("link").click();
  await page.waitForLoadState();
  check(page.url().endsWith("/releases/2022-08-adhoc/annex.html#p-z-6-2"), `the note links to the release redline: ${page.url()}`);
  check(await page.locator("#p-z-6-2 ins").count() > 0, "the redline shows the provision's inserted words");
  // A sub-paragraph by its reference.
  await page.goto(`${base}/f.html#F2.4(c)`);
  const target = await page.evaluate(() => document.querySelector(":target")?.id);
  check(target === "F2.4(c)", `#F2.4(c) is the target, not ${target}`);
  const top = await page.evaluate(() => document.getElementById("F2.4(c)").getBoundingClientRect().top);
  check(top >= -2 && top < 300, `the page scrolled to F2.4(c) (its top is at ${top})`);
  // Search by words, then follow the first result.
  await page.goto(`${base}/index.html`);
  await page.locator("#q").fill("renewal date reminder");
  await page.locator("#q").press("Enter");
  await page.waitForSelector("#results li");
  check((await page.locator("#status").innerText()).includes("found"), "the search says what it found");
  await shot("search", 1280); await shot("search", 390); await page.setViewportSize({ width: 1280, height: 900 });
  const first = page.locator("#results li a").first();
  const firstRef = await first.locator(".ref").innerText();
  await first.click();
  await page.waitForLoadState();
  const landed = decodeURIComponent(new URL(page.url()).hash.slice(1));
  check(landed === firstRef, `the first result opens its provision (${firstRef}), not ${landed}`);
  check((await page.locator(`[id="${firstRef}"]`).innerText()).toLowerCase().includes("reminder"), "the provision found holds the words searched");
  // Search by number.
  for (const [q, want] of [["F2.4", "F2.4"], ["Z:6.2", "Z:6.2"]]) {
    await page.goto(`${base}/search.html?q=${encodeURIComponent(q)}`);
    await page.waitForSelector("#results li");
    check((await page.locator("#results li").count()) === 1, `searching ${q} finds one provision`);
    await page.locator("#results li a").first().click();
    await page.waitForLoadState();
    check(decodeURIComponent(new URL(page.url()).hash.slice(1)) === want, `searching ${q} leads to ${want}: ${page.url()}`);
  }
  // An earlier version, and back.
  await page.goto(`${base}/z.html`);
  await page.getByRole("link", { name: "Version 1.0" }).click();
  await page.waitForLoadState();
  check(page.url().endsWith("/v/1.0/z.html"), `the version list opens version 1.0: ${page.url()}`);
  const banner = await page.locator(".banner").innerText();
  check(banner.includes("This is version 1.0 of the Code, not the current one.") && banner.includes("in force up to 31.7.2022"), `the banner of a past version: ${banner}`);
  check(!(await page.locator('[id="Z:6.2"]').innerText()).includes("expiry or renewal"), "version 1.0 reads as it was");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("past-version", 1280); await shot("past-version", 390); await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("link", { name: /as it is now/ }).click();
  await page.waitForLoadState();
  check(page.url().endsWith("/z.html") && !page.url().includes("/v/"), `the banner leads back to the current page: ${page.url()}`);
  check(await page.locator(".banner").count() === 0, "the current version has no banner");
  check(problems.length === 0, problems.join("\n"));
  console.log("site ok");
} catch (e) {
  console.error(`FAILED: ${e.message}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
