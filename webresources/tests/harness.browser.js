// Headless Chromium (Debian's chromium package, driven by playwright-core): the harness page hosting the order
// form script, checked by what a person sees on the page. Run with: node --test tests/harness.browser.js
// A missing /usr/bin/chromium fails these tests; it never skips them.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { chromium } = require("playwright-core");

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const harness = pathToFileURL(path.join(__dirname, "harness.html")).href;

let browser;

test.before(async () => {
    browser = await chromium.launch({
        executablePath,
        headless: true,
        // Chromium's sandbox cannot start as root (CI containers run as root).
        args: process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [],
    });
});

test.after(async () => {
    if (browser) {
        await browser.close();
    }
});

async function open(query) {
    const page = await browser.newPage();
    await page.goto(`${harness}?${query}`);
    await page.waitForSelector("body[data-loaded='true']", { timeout: 10000 });
    return page;
}

test("a sales rep opening an order of a held customer sees the hold, the figures and whom to call", async () => {
    const page = await open("customer=held&enforcement=Hold");
    try {
        const bar = page.locator("#notifications li");
        assert.equal(await bar.count(), 1);
        assert.equal(await bar.getAttribute("data-level"), "ERROR");
        const seen = await bar.innerText();
        assert.match(seen, /^Error\s/);
        assert.match(seen, /Contoso Ltd is on credit hold — 3 invoices more than 60 days overdue \(12,400\.00 USD\)/);
        assert.match(seen, /Credit limit \$50,000\.00, exposure \$61,200\.00, overdue \$12,400\.00/);
        assert.match(seen, /Call Jane Doe \(jane\.doe@example\.com\)\./);
        assert.ok(await bar.isVisible(), "the notification bar is visible");
    } finally {
        await page.close();
    }
});

test("in Reject mode, choosing a held customer and saving shows the save cancelled and why", async () => {
    const page = await open("customer=good&enforcement=Reject");
    try {
        assert.equal(await page.locator("#notifications li").count(), 0, "a good customer shows nothing");
        await page.selectOption("#customer", "contact");
        await page.evaluate(() => window.harness.pending);
        await page.click("#save");
        await page.waitForFunction(() => document.getElementById("save-result").textContent !== "");

        assert.equal(await page.locator("#save-result").innerText(), "Save cancelled");
        assert.match(await page.locator("#notifications li").innerText(), /This order cannot be saved: Contoso Ltd is on credit hold/);
    } finally {
        await page.close();
    }
});
