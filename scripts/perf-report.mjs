// Measures first-visit transfer sizes and Lighthouse scores; called by scripts/perf-report.
import http from "node:http";
import { execFileSync } from "node:child_process";

const [base, ...paths] = process.argv.slice(2);
const BUDGET_TOTAL = 150 * 1024;
const BUDGET_SCRIPT = 80 * 1024;

/** Bytes on the wire for `url` with the given Accept-Encoding ("" = uncompressed). */
function transfer(url, encoding) {
  return new Promise((resolve, reject) => {
    const headers = encoding ? { "accept-encoding": encoding } : {};
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on("data", (chunk) => (bytes += chunk.length));
        res.on("end", () => resolve({ bytes, body: null, status: res.statusCode }));
      })
      .on("error", reject);
  });
}

/** What a first visit downloaded, from Lighthouse's own network log: the page, its stylesheets,
 * scripts, the WebAssembly and every chunk of it an island loaded on demand, icons. */
function downloads(lighthouse, base) {
  const origin = new URL(base).origin;
  const kind = (request) => {
    const path = new URL(request.url).pathname;
    if (request.resourceType === "Document") return "html";
    if (path.endsWith(".wasm")) return "wasm";
    if (path.endsWith(".js")) return "js";
    if (path.endsWith(".css")) return "css";
    return "other";
  };
  return lighthouse.audits["network-requests"].details.items
    .filter((r) => r.url.startsWith(origin) && r.statusCode === 200)
    .map((r) => ({ kind: kind(r), href: r.url }));
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
let failures = 0;
for (const path of paths) {
  const url = base + path;
  const lighthouse = JSON.parse(
    execFileSync(
      process.env.LIGHTHOUSE,
      [
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        "--form-factor=mobile",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run",
      ],
      { maxBuffer: 64 * 1024 * 1024, env: process.env },
    ).toString(),
  );
  const sizes = { html: { br: 0, gzip: 0, raw: 0 }, css: { br: 0, gzip: 0, raw: 0 }, js: { br: 0, gzip: 0, raw: 0 }, wasm: { br: 0, gzip: 0, raw: 0 }, other: { br: 0, gzip: 0, raw: 0 } };
  // Each download again, once per encoding, to print brotli, gzip and raw side by side.
  for (const { kind, href } of downloads(lighthouse, base)) {
    sizes[kind].br += (await transfer(href, "br")).bytes;
    sizes[kind].gzip += (await transfer(href, "gzip")).bytes;
    sizes[kind].raw += (await transfer(href, "")).bytes;
  }
  const total = Object.values(sizes).reduce((a, s) => a + s.br, 0);
  const script = sizes.js.br + sizes.wasm.br;
  const score = (id) => Math.round((lighthouse.categories[id]?.score ?? 0) * 100);
  const scores = ["performance", "accessibility", "best-practices", "seo"].map(score);
  const ok = total <= BUDGET_TOTAL && script <= BUDGET_SCRIPT && scores.every((s) => s === 100);
  if (!ok) failures++;
  rows.push({ path, sizes, total, script, scores, ok });
  const failed = Object.values(lighthouse.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable");
  if (scores.some((s) => s < 100)) {
    console.log(`  ${path}: audits below full marks: ${failed.map((a) => a.id).join(", ")}`);
  }
}

console.log("\nFirst visit, bytes on the wire (brotli / gzip / uncompressed):");
// The first column fits the longest address measured.
const width = Math.max(24, ...rows.map((r) => r.path.length + 2));
console.log(`${"page".padEnd(width)}HTML                        CSS                         JS                          WASM                        total br   JS+WASM br`);
for (const r of rows) {
  const cell = (s) => `${kb(s.br)} / ${kb(s.gzip)} / ${kb(s.raw)}`.padEnd(28);
  console.log(`${r.path.padEnd(width)}${cell(r.sizes.html)}${cell(r.sizes.css)}${cell(r.sizes.js)}${cell(r.sizes.wasm)}${kb(r.total).padEnd(11)}${kb(r.script)}`);
}
console.log("\nLighthouse, mobile (performance / accessibility / best practices / SEO):");
for (const r of rows) {
  console.log(`${r.path.padEnd(width)}${r.scores.join(" / ").padEnd(22)}${r.ok ? "within budget" : "OVER BUDGET"}`);
}
console.log(`\nBudget: ${kb(BUDGET_TOTAL)} per first visit, ${kb(BUDGET_SCRIPT)} of JS + WASM, Lighthouse 100 in all four.`);
process.exitCode = failures ? 1 : 0;
