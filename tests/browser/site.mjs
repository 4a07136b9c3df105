// Drives Debian's chromium (headless) over a published site served at BASE (argv[2]), the way
// a reader uses it, over the site of tests/fixtures/site-words served at WORDS (argv[3]) and
// over the small history of tests/site.rs served at READING (argv[4]);
// exits non-zero with the reason on the first thing that does not work. Every page type is
// checked by axe-core (locked in package-lock.json): no serious or critical violation.
// With SHOTS=DIR, also writes screenshots at desktop and phone widths into DIR.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const base = process.argv[2];
const words = process.argv[3];
// The small history of tests/site.rs (reading_history), served at READING (argv[4]).
const reading = process.argv[4];
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
function same(got, want, what) { check(JSON.stringify(got) === JSON.stringify(want), `${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`); }
// A search as a reader makes it (the URL the form submits): each result's reference, link,
// marked words and snippet.
async function search(site, query) {
  await page.goto(`${site}/search.html?${query}`);
  await page.waitForFunction(() => { const s = document.getElementById("status").textContent; return s !== "" && !s.startsWith("Searching"); });
  // Ten at a time: "More results" until every one is listed.
  const total = Number((await page.locator("#status").innerText()).split(" ")[0]) || 0;
  while (await page.locator("#more").isVisible()) {
    const before = await page.locator("#results li").count();
    await page.locator("#more").click();
    await page.waitForFunction((n) => document.querySelectorAll("#results li").length > n, before);
  }
  same(await page.locator("#results li").count(), total, `every result of ${query} is listed`);
  return page.locator("#results li").evaluateAll((ls) => ls.map((l) => ({
    ref: l.querySelector(".ref").textContent,
    href: l.querySelector("a").getAttribute("href"),
    marks: Array.from(l.querySelectorAll("mark")).map((m) => m.textContent),
    snippet: l.querySelector(".snippet").textContent,
  })));
}
// The snippet is the provision's own words, cut between words: the text without its "…" is
// in the provision, with no letter or digit right before or after it.
async function cutBetweenWords(site, r) {
  const core = r.snippet.replace(/^\u2026/, "").replace(/\u2026$/, "").replace(/\s+/g, " ");
  const [file, anchor] = r.href.split("#");
  const text = await page.evaluate(async ([url, id]) => {
    const doc = new DOMParser().parseFromString(await (await fetch(url)).text(), "text/html");
    // The words without the amendment notes' markers ("[F1", "]"), which are not the Code's.
    doc.querySelectorAll(".marker, .marker-end").forEach((m) => m.remove());
    return Array.from(doc.getElementById(id).querySelectorAll(":scope > p")).map((p) => p.textContent).join(" ");
  }, [`${site}/${file}`, anchor]);
  const flat = text.replace(/\s+/g, " ");
  const at = flat.indexOf(core);
  check(at >= 0, `the snippet of ${r.ref} is its own words: ${core}`);
  const letter = /[\p{L}\p{N}]/u;
  check(!letter.test(flat[at - 1] || " ") || !letter.test(core[0]), `the snippet of ${r.ref} starts at a word: …${flat.slice(at - 5, at + 10)}`);
  const end = at + core.length;
  check(!letter.test(flat[end] || " ") || !letter.test(core[core.length - 1]), `the snippet of ${r.ref} ends at a word: ${flat.slice(end - 10, end + 5)}…`);
}
// axe-core on the page as it is: no serious or critical violation; the first heading is the h1.
const axeSeen = [];
async function accessible(what) {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => (await window.axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })));
  axeSeen.push(`${what}: ${found.length ? found.map((v) => `${v.impact} ${v.id} (${v.nodes})`).join(", ") : "none"}`);
  const bad = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, `axe-core on ${what}: ${JSON.stringify(bad)}`);
  const first = await page.evaluate(() => document.querySelector("h1, h2, h3, h4, h5, h6")?.tagName);
  check(first === "H1", `the first heading of ${what} is the h1, not ${first}`);
}
// WCAG's contrast ratio of two "rgb(r, g, b)" colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
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
  await accessible("the home page");
  await shot("home", 1280); await shot("home", 390); await page.setViewportSize({ width: 1280, height: 900 });
  // A document page, from the list of documents.
  await page.getByRole("link", { name: "Appendix Z: CPL Requirements Document" }).first().click();
  check(page.url().endsWith("/z.html"), `the document link opens z.html, not ${page.url()}`);
  const note = page.locator('[id="Z:6.2"] ol.notes li i').first();
  check((await note.innerText()).startsWith("Words substituted by MP209 “Lifetime CPA Certificates” (SEC Release 2022-08-adhoc, in force 1.8.2022)."),
    `the amendment note of Z:6.2 reads as the Code's notes do: ${await note.innerText()}`);
  await accessible("a document page (z.html)");
  // Provisions are not each a landmark: the page has its header, search, contents, main, footer.
  const regions = await page.evaluate(() => document.querySelectorAll("section[aria-label], section[aria-labelledby], [role=region]").length);
  same(regions, 0, "labelled regions on z.html");
  // The focus ring stands out from the page (WCAG 2.2: at least 3:1).
  await page.keyboard.press("Tab"); await page.keyboard.press("Tab");
  const ring = await page.evaluate(() => { const s = getComputedStyle(document.activeElement); return { color: s.outlineColor, width: parseFloat(s.outlineWidth), style: s.outlineStyle }; });
  check(ring.style !== "none" && ring.width >= 2, `a focused link has a ring: ${JSON.stringify(ring)}`);
  check(contrast(ring.color, "rgb(255, 255, 255)") >= 3, `the focus ring ${ring.color} has ${contrast(ring.color, "rgb(255, 255, 255)").toFixed(2)}:1 on white`);
  await page.locator('[id="Z:6.2"]').scrollIntoViewIfNeeded();
  await page.evaluate(() => { location.hash = "Z:6.2"; });
  await shot("document-note", 1280); await shot("document-note", 390); await page.setViewportSize({ width: 1280, height: 900 });
  // The note's link opens the release's redline at that provision.
  await note.getByRole("link").click();
  await page.waitForLoadState();
  check(page.url().endsWith("/releases/2022-08-adhoc/annex.html#p-z-6-2"), `the note links to the release redline: ${page.url()}`);
  check(await page.locator("#p-z-6-2 ins").count() > 0, "the redline shows the provision's inserted words");
  await accessible("a release redline");
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
  await accessible("a past version (v/1.0/z.html)");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("past-version", 1280); await shot("past-version", 390); await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("link", { name: /as it is now/ }).click();
  await page.waitForLoadState();
  check(page.url().endsWith("/z.html") && !page.url().includes("/v/"), `the banner leads back to the current page: ${page.url()}`);
  check(await page.locator(".banner").count() === 0, "the current version has no banner");
  // Search: whole words (the Code has "Party", "particular" and "part" seven times as a word).
  let found = await search(base, "q=part");
  same(found.map((r) => r.ref).sort(), ["F2.7", "F4.1", "F5.3", "Z:1.1", "Z:2.2", "Z:6.1", "Z:6.6"], "the provisions with the word part");
  same(found[0].ref, "Z:2.2", "the provision saying Part twice comes first");
  check(found.every((r) => r.marks.length > 0 && r.marks.every((m) => m.toLowerCase() === "part")), `only the word is marked: ${JSON.stringify(found.map((r) => r.marks))}`);
  for (const r of found) await cutBetweenWords(base, r);
  await page.goto(`${base}/search.html?q=part`);
  await page.waitForSelector("#results li");
  await accessible("the search page with results");
  // A phrase, in the current version and in version 1.0 (before MP209 made it "expiry or renewal date").
  found = await search(base, "q=%22expiry+date%22");
  // Now only F7.3 (the Testing Services Contract's expiry date, which MP209 leaves alone).
  same(found.map((r) => r.ref).sort(), ["F7.3"], "the provisions with the phrase expiry date now");
  found = await search(base, "q=%22expiry+date%22&v=1.0");
  same(found.map((r) => r.ref).sort(), ["F2.4", "F2.8", "F3.4", "F3.5", "F3.6", "F5.2", "F7.3", "Z:4.1", "Z:4.5", "Z:5.2", "Z:6.2", "Z:6.3", "Z:6.6"], "the provisions with the phrase expiry date in version 1.0 (Z:6.2 as **expiry** date)");
  same(found.find((r) => r.ref === "Z:5.2").href, "v/1.0/z.html#Z:5.2", "a result in version 1.0 links to that version's page");
  check((await page.locator("#status").innerText()).includes("in version 1.0"), "the status names the version searched");
  for (const r of found.slice(0, 4)) await cutBetweenWords(base, r);
  // Without quotes the words may stand apart: "the expiry or renewal date" of Z:6.2 is found.
  found = await search(base, "q=expiry+date");
  check(found.some((r) => r.ref === "Z:6.2"), "the words without quotes find Z:6.2");
  // Every version: MP209's words are in versions 1.1 and 1.2 only.
  found = await search(base, "q=%22expiry+or+renewal+date%22&v=all");
  check(found.length > 0 && found.every((r) => !r.href.startsWith("v/1.0/")), `no result of "expiry or renewal date" is in version 1.0: ${JSON.stringify(found.map((r) => r.href))}`);
  // Table cells stay apart in a snippet.
  found = await search(base, "q=firmware+hash");
  check(found.some((r) => r.ref === "Z:4.1" && r.snippet.includes("Firmware hash | The hash of the firmware image")), `the table row of Z:4.1 reads cell by cell: ${JSON.stringify(found.map((r) => r.snippet))}`);
  // Headings: a Part's ("## F2 Central Products List") first, and a cross-heading ("###
  // Maintaining the list"), which leads to the provision under it.
  found = await search(base, "q=central+products+list");
  same([found[0].ref, found[0].href, found[0].snippet], ["F2", "f.html#F2", "F2 Central Products List"], "the Part heading comes first");
  found = await search(base, "q=maintaining");
  check(found.some((r) => r.ref === "F2.1" && r.href === "f.html#F2.1" && r.snippet === "Maintaining the list"), `the cross-heading is found: ${JSON.stringify(found)}`);
  // A Part by its number, and a sub-paragraph by its reference, landing on it.
  found = await search(base, "q=F2");
  same(found.map((r) => [r.ref, r.href]), [["F2", "f.html#F2"]], "F2 finds the Part");
  found = await search(base, "q=F2.4(c)");
  same(found.map((r) => r.href), ["f.html#F2.4(c)"], "F2.4(c) finds the sub-paragraph");
  await page.locator("#results li a").first().click();
  await page.waitForLoadState();
  same(await page.evaluate(() => document.querySelector(":target")?.id), "F2.4(c)", "the result opens the sub-paragraph");
  // Cross-references link the whole reference, each number of a list, Parts; not the page itself.
  await page.goto(`${base}/z.html`);
  const xrefs = await page.locator('[id="Z:5.4"] a.xref, [id="Z:6.1"] a.xref, [id="Z:6.6"] a.xref').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  for (const want of [["paragraphs 5.1", "z.html#Z:5.1"], ["5.3", "z.html#Z:5.3"], ["Part 6", "z.html#Z:6"], ["Part 5", "z.html#Z:5"]]) {
    check(xrefs.some((x) => x[0] === want[0] && x[1] === want[1]), `${want[0]} links to ${want[1]}: ${JSON.stringify(xrefs)}`);
  }
  await page.goto(`${base}/f.html`);
  same(await page.locator('a.xref[href="f.html"]').count(), 0, "this Section F is not a link to its own page");
  check((await page.locator('[id="F1.1"]').innerText()).includes("In this Section F,"), "F1.1 says this Section F");
  same(await page.locator('[id="F2.7"] a.xref').evaluateAll((as) => as.map((a) => [a.textContent.replace(/\s+/g, " "), a.getAttribute("href")])),
    [["Section F2.4", "f.html#F2.4"], ["Part 5 of the CPL Requirements Document", "z.html#Z:5"]], "a Part of another document, named by its title");
  // Words as written: ligatures, accents, "…" and CJK before the words found (tests/fixtures/site-words).
  if (words) {
    found = await search(words, "q=first");
    same(found.map((r) => [r.ref, r.marks]), [["F1.1", ["\ufb01rst"]]], "first finds the ligature \ufb01rst");
    check(found[0].snippet.startsWith("\u2026"), `the long provision's snippet is cut: ${found[0].snippet}`);
    await cutBetweenWords(words, found[0]);
    found = await search(words, "q=naive+cafe");
    same(found.map((r) => r.marks), [["na\u00efve", "Caf\u00e9"]], "accents are ignored, and marked as written");
    await cutBetweenWords(words, found[0]);
    found = await search(words, "q=part");
    same(found.length, 0, "Party\u2019s, particular and parts are not the word part");
    found = await search(words, "q=%22expiry+date%22");
    same(found.length, 0, "a phrase is not found across two table cells");
    found = await search(words, "q=expiry+date");
    same(found.map((r) => r.ref), ["F1.2"], "the words are, apart");
  }

  // Notes, their markers, timelines, later changes, go-to-date and compare, over the small
  // history of tests/site.rs: 1.1 (r1, 1.1.2023): MP1 "ten days" → "twenty Working Days" in
  // F1.2, MP2 adds "every year" to F1.4, both change F1.1; 1.2 (r2, 1.6.2023): MP3 omits
  // "from time to time" from F1.3.
  if (reading) {
    await page.goto(`${reading}/f.html`);
    // Each marker: its number and the words it stands around, down the page.
    const markers = await page.locator("main a.marker[id]").evaluateAll((ms) => ms.map((m) => {
      const around = m.closest(".amended");
      const words = around ? Array.from(around.childNodes).filter((n) => !(n.classList && (n.classList.contains("marker") || n.classList.contains("marker-end")))).map((n) => n.textContent).join("") : "";
      return [m.closest(".provision").id, m.textContent, words];
    }));
    same(markers, [["F1.1", "[F1", ""], ["F1.1", "[F2", ""], ["F1.2", "[F3", "twenty Working Days"], ["F1.3", "[F4", ""], ["F1.4", "[F5", "every year"]],
      "the markers, numbered down the page, around the words each note is about");
    const notes = await page.locator("ol.notes li").evaluateAll((ls) => ls.map((l) => [l.id, l.querySelector("i").textContent]));
    same(notes, [
      ["note-F1", "Words substituted by MP1 “Longer notice” (SEC Release r1, in force 1.1.2023)."],
      ["note-F2", "Words substituted by MP2 “Yearly review” (SEC Release r1, in force 1.1.2023)."],
      ["note-F3", "Words substituted by MP1 “Longer notice” (SEC Release r1, in force 1.1.2023)."],
      ["note-F4", "Words omitted by MP3 “Guidance” (SEC Release r2, in force 1.6.2023)."],
      ["note-F5", "Words inserted by MP2 “Yearly review” (SEC Release r1, in force 1.1.2023)."],
    ], "the notes, each naming what its change did");
    check((await page.locator("#note-F1").innerText()).includes("does not record which words each changed"), "where two modifications of one release changed a provision, the note says the history cannot tell whose words are whose");
    // Click a marker: its note; the note's number: back to the words.
    await page.locator("#marker-F3").click();
    same(await page.evaluate(() => document.querySelector(":target")?.id), "note-F3", "the marker [F3 opens its note");
    await page.locator("#note-F3 a.note-number").click();
    same(await page.evaluate(() => document.querySelector(":target")?.id), "marker-F3", "the note leads back to its marker");
    await accessible("a document page with notes and markers (reading f.html)");
    // The timeline: the original text first, each version linked to its text.
    await page.locator('[id="F1.3"] details.history summary').click();
    const timeline = await page.locator('[id="F1.3"] details.history li').evaluateAll((ls) => ls.map((l) => [l.textContent.split(";")[0], l.querySelector("a").getAttribute("href")]));
    same(timeline, [["Version 1.0 (original text, up to 31.5.2023)", "v/1.0/f.html#F1.3"], ["Version 1.2, from 1.6.2023 (as it reads now), by MP3", "v/1.2/f.html#F1.3"]], "the history of F1.3 from its original text");
    await page.locator('[id="F1.3"] details.history li a').first().click();
    await page.waitForLoadState();
    check((await page.locator('[id="F1.3"]').innerText()).includes("may from time to time publish"), "the original text is version 1.0's");
    // A past page says which provisions were changed later, and links to the text now.
    const later = await page.locator('[id="F1.3"] .later').innerText();
    same(later, "This provision was changed by MP3 (SEC Release r2, version 1.2, in force from 1.6.2023). F1.3 as it reads now", "version 1.0 says F1.3 was changed later");
    same(await page.locator(".later").count(), 4, "every provision of version 1.0 was changed later");
    await accessible("a past version with later changes (reading v/1.0/f.html)");
    await page.locator('[id="F1.3"] .later a').click();
    await page.waitForLoadState();
    check(page.url().endsWith("/f.html#F1.3") && !page.url().includes("/v/"), `the later change links to the current text: ${page.url()}`);
    await page.goto(`${reading}/v/1.1/f.html`);
    same(await page.locator(".later").evaluateAll((ls) => ls.map((l) => l.closest(".provision").id)), ["F1.3"], "in version 1.1 only F1.3 is changed later");
    check((await page.locator(".banner").innerText()).includes("It was in force from 1.1.2023 to 31.5.2023 (the last day)."), "a past version's dates read unambiguously");
    same(await page.locator("p.meta").innerText(), "Version 1.1, in force from 1.1.2023 to 31.5.2023 (the last day).", "the page's own dates too");
    // Downloads: a past page links its Markdown gzip-compressed, which the browser fetches and
    // unpacks (DecompressionStream) to that version's text, its size as the page says; the
    // current page links the plain current text; each page's Word file is there too.
    const download = async () => {
      const links = page.locator("p.downloads a");
      const href = await links.first().getAttribute("href");
      const urls = await links.evaluateAll((as) => as.map((a) => a.href));
      const got = await page.evaluate(async ([urls, gz]) => {
        const r = await fetch(urls[0]);
        const bytes = new Uint8Array(await r.arrayBuffer());
        const body = gz ? new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))) : new Response(bytes);
        // The Word file read to its end (a body left unread is aborted when the page moves on).
        const word = await fetch(urls[1]);
        const docx = new Uint8Array(await word.arrayBuffer());
        return { status: r.status, length: bytes.length, text: await body.text(), word: docx[0] === 0x50 && docx[1] === 0x4b ? word.status : "not a zip" };
      }, [urls, href.endsWith(".gz")]);
      return { href, name: await links.first().innerText(), said: await page.locator("p.downloads").innerText(), ...got };
    };
    let got = await download();
    same([got.href, got.name, got.status, got.word], ["../../downloads/v/1.1/markdown/section-f.md.gz", "Markdown, gzip-compressed", 200, 200], "version 1.1's page links its compressed Markdown");
    check(got.text.includes('version: "1.1"') && got.text.includes("within twenty Working Days") && got.text.includes("may from time to time publish"), `the compressed file unpacks to version 1.1's text: ${got.text}`);
    check(got.said.includes(`(${got.length} bytes;`), `the page says the compressed file's size (${got.length} bytes): ${got.said}`);
    await page.goto(`${reading}/f.html`);
    got = await download();
    same([got.href, got.name, got.status, got.word], ["downloads/markdown/section-f.md", "Markdown", 200, 200], "the current page links the plain text");
    check(got.text.includes('version: "1.2"') && got.text.includes("The Panel may publish guidance."), `the plain file is the current text: ${got.text}`);
    check(got.said.includes(`(${got.length} bytes)`), `the page says the plain file's size (${got.length} bytes): ${got.said}`);
    await page.goto(`${reading}/v/1.1/f.html`);
    // Go to a date, with the form on the page: a day in each version, the last day of one,
    // the first day of the next, and days before the first release.
    for (const [day, want] of [["2023-03-15", "/v/1.1/f.html"], ["2023-05-31", "/v/1.1/f.html"], ["2023-06-01", "/v/1.2/f.html"], ["2031-01-01", "/v/1.2/f.html"]]) {
      await page.goto(`${reading}/f.html`);
      await page.locator("#goto-date").fill(day);
      await page.locator("form.goto button").click();
      await page.waitForURL((u) => !u.pathname.endsWith("/goto.html"));
      check(page.url().endsWith(want), `on ${day} the Code read as ${want}, not ${page.url()}`);
    }
    for (const day of ["2022-12-31", "1999-01-01"]) {
      await page.goto(`${reading}/goto.html?doc=F&date=${day}`);
      await page.waitForFunction(() => document.getElementById("answer").textContent !== "");
      const said = await page.locator("#answer").innerText();
      check(said.startsWith(`The Code did not exist in this history on ${day.split("-").map(Number).reverse().join(".")}`) && !said.includes("was in force"), `before the first release: ${said}`);
      same(await page.locator("#answer a").getAttribute("href"), "v/1.0/f.html", "it links to the earliest text the history holds");
    }
    await accessible("the go-to-date page (reading goto.html)");
    // The Code as a whole on a day: the version and its documents.
    await page.goto(`${reading}/goto.html`);
    await page.locator("#date").fill("2023-05-31");
    await page.locator("#doc").selectOption("");
    await page.locator("form.goto button").click();
    await page.waitForFunction(() => document.getElementById("answer").textContent !== "");
    same(await page.locator("#answer").innerText(), "On 31.5.2023 version 1.1 of the Code was in force (from 1.1.2023 to 31.5.2023, its last day): Section F.", "the Code on the last day of version 1.1");
    same(await page.locator("#answer a").getAttribute("href"), "v/1.1/f.html", "it links to that version's documents");
    // Compare, from a note: the words inserted and omitted, as written by hand.
    await page.goto(`${reading}/f.html`);
    await page.locator("#note-F3 a.compare").click();
    await page.waitForLoadState();
    const changes = async () => page.evaluate(() => {
      const shown = Array.from(document.querySelectorAll(".pair")).filter((p) => !p.hidden);
      const words = (sel) => shown.flatMap((p) => Array.from(p.querySelectorAll(sel)).map((e) => { const c = e.cloneNode(true); c.querySelectorAll(".sr").forEach((x) => x.remove()); return c.textContent.trim(); }));
      const text = shown.map((p) => { const c = p.querySelector(".diff").cloneNode(true); c.querySelectorAll(".sr").forEach((x) => x.remove()); return c.textContent.trim(); });
      return { pairs: shown.map((p) => p.id), ins: words("ins"), del: words("del"), text, spoken: shown.flatMap((p) => Array.from(p.querySelectorAll("ins, del")).map((e) => e.textContent.trim())) };
    });
    let seen = await changes();
    same([seen.pairs, seen.ins, seen.del], [["1.0-1.1"], ["twenty Working Days"], ["ten days"]], "F1.2 compared before and after MP1");
    same(seen.spoken, ["[omitted: ten days]", "[inserted: twenty Working Days]"], "each change says what it is in words, not colour alone");
    same(seen.text, ["F1.2 Each Supplier shall send a notice to the DCC within ten days twenty Working Days."], "words struck and words inserted stand apart");
    await accessible("a compare page (reading compare/p-f1-2.html)");
    // Any two versions: 1.1 and 1.2 read the same; 1.0 against 1.2 is the change of 1.1.
    await page.locator("#from").selectOption("1.1");
    await page.locator("#to").selectOption("1.2");
    check(await page.locator("#same").isVisible(), "versions 1.1 and 1.2 of F1.2 read the same, and the page says so");
    await page.locator("#from").selectOption("1.0");
    seen = await changes();
    same([seen.pairs, seen.ins, seen.del], [["1.0-1.1"], ["twenty Working Days"], ["ten days"]], "F1.2 in version 1.0 against 1.2");
    await page.goto(`${reading}/compare/p-f1-3.html#1.0-1.2`);
    seen = await changes();
    same([seen.pairs, seen.ins, seen.del], [["1.0-1.2"], [], ["from time to time"]], "F1.3 compared before and after MP3");
  }
  console.log(`axe-core: ${axeSeen.join("; ")}`);
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
