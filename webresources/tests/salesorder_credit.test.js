// Node's test runner (node --test tests/): the order form script against a fake Xrm and form.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { createFakeXrm, createForm, createExecutionContext } = require("./fake-xrm.js");

// The one copy of the script is the one the solution package ships.
const scriptPath = path.join(__dirname, "..", "..", "solution-package", "WebResources", "arc_", "scripts", "salesorder_credit.js");
const source = fs.readFileSync(scriptPath, "utf8");

const HELD = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
const GOOD = "6fa459ea-ee8a-3ca4-894e-db77e160355e";
const CONTACT = "16fd2706-8baf-433b-82eb-8c7fada847da";
const ORPHAN = "886313e1-3b8a-5372-9b90-0c9aee199e5d";

const records = {
    [`account:${HELD}`]: {
        name: "Contoso Ltd",
        creditonhold: true,
        arc_holdmessage: "Contoso Ltd is on credit hold — 3 invoices more than 60 days overdue (12,400.00 USD). Contact Jane Doe (Collections) to request a release.",
        creditlimit: 50000, "creditlimit@OData.Community.Display.V1.FormattedValue": "$50,000.00",
        arc_exposure: 61200, "arc_exposure@OData.Community.Display.V1.FormattedValue": "$61,200.00",
        arc_overdueamount: 12400, "arc_overdueamount@OData.Community.Display.V1.FormattedValue": "$12,400.00",
        arc_availablecredit: -11200, "arc_availablecredit@OData.Community.Display.V1.FormattedValue": "-$11,200.00",
        arc_collectorname: "Jane Doe", arc_collectoremail: "jane.doe@example.com",
    },
    [`account:${GOOD}`]: {
        name: "Fabrikam Inc", creditonhold: false, arc_holdmessage: null,
        creditlimit: 100000, arc_exposure: 20000, arc_overdueamount: 0, arc_availablecredit: 80000,
        arc_collectorname: "Sam Lee", arc_collectoremail: "sam.lee@example.com",
    },
    [`contact:${CONTACT}`]: {
        _parentcustomerid_value: HELD,
        "_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
    },
    [`contact:${ORPHAN}`]: { _parentcustomerid_value: null },
};

function customer(entityType, id, name) {
    return [{ entityType, id: `{${id.toUpperCase()}}`, name }];
}

/** Loads the script as Dynamics does (a classic script defining the global ArcCredit) with this fake Xrm. */
function load(options) {
    const xrm = createFakeXrm({ records, ...options });
    const context = vm.createContext({ Xrm: xrm });
    vm.runInContext(source, context, { filename: scriptPath });
    return { ArcCredit: context.ArcCredit, xrm };
}

function order(values) {
    const form = createForm({ customerid: null, totalamount: null, ...values });
    return { form, event: () => createExecutionContext(form) };
}

test("onLoad of a held customer shows an ERROR with the hold sentence, the figures and the collector", async () => {
    const { ArcCredit } = load({});
    const { form, event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });

    await ArcCredit.onLoad(event());

    const note = form.notifications["arc-credit"];
    assert.equal(note.level, "ERROR");
    assert.match(note.message, /Contoso Ltd is on credit hold — 3 invoices more than 60 days overdue \(12,400\.00 USD\)/);
    assert.match(note.message, /Credit limit \$50,000\.00, exposure \$61,200\.00, overdue \$12,400\.00, available -\$11,200\.00\./);
    assert.match(note.message, /Call Jane Doe \(jane\.doe@example\.com\)\./);
    assert.match(note.message, /^Credit hold — the order will be held: /);
});

test("onLoad reads the account's AR columns by the account's id", async () => {
    const { ArcCredit, xrm } = load({});
    const { event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });

    await ArcCredit.onLoad(event());

    const read = xrm.calls.find((c) => c.entity === "account");
    assert.equal(read.id, HELD);
    for (const column of ["creditonhold", "arc_holdmessage", "creditlimit", "arc_exposure", "arc_overdueamount", "arc_collectorname"]) {
        assert.ok(read.query.split(/[=,]/).includes(column), `$select names ${column}: ${read.query}`);
    }
});

test("onLoad of a good customer shows no notification", async () => {
    const { ArcCredit } = load({});
    const { form, event } = order({ customerid: customer("account", GOOD, "Fabrikam Inc") });
    form.ui.setFormNotification("stale", "ERROR", "arc-credit");

    await ArcCredit.onLoad(event());

    assert.deepEqual(form.notifications, {});
});

test("an order above a good customer's available credit gets a WARNING that it may be held", async () => {
    const { ArcCredit } = load({});
    const { form, event } = order({ customerid: customer("account", GOOD, "Fabrikam Inc"), totalamount: 90000 });

    await ArcCredit.onLoad(event());

    assert.equal(form.notifications["arc-credit"].level, "WARNING");
    assert.match(form.notifications["arc-credit"].message, /90,000\.00\) is more than the customer's available credit/);
});

test("changing the customer from held to good clears the notification, and back shows it again", async () => {
    const { ArcCredit } = load({});
    const { form, event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });
    await ArcCredit.onLoad(event());
    assert.equal(form.notifications["arc-credit"].level, "ERROR");

    form.getAttribute("customerid").setValue(customer("account", GOOD, "Fabrikam Inc"));
    await ArcCredit.onCustomerChange(event());
    assert.deepEqual(form.notifications, {});

    form.getAttribute("customerid").setValue(customer("account", HELD, "Contoso Ltd"));
    await ArcCredit.onCustomerChange(event());
    assert.equal(form.notifications["arc-credit"].level, "ERROR");
});

test("clearing the customer clears the notification", async () => {
    const { ArcCredit } = load({});
    const { form, event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });
    await ArcCredit.onLoad(event());

    form.getAttribute("customerid").setValue(null);
    await ArcCredit.onCustomerChange(event());

    assert.deepEqual(form.notifications, {});
});

test("a contact customer is checked through its parent account", async () => {
    const { ArcCredit, xrm } = load({});
    const { form, event } = order({ customerid: customer("contact", CONTACT, "Ann Buyer") });

    await ArcCredit.onLoad(event());

    assert.equal(xrm.calls.find((c) => c.entity === "contact").id, CONTACT);
    assert.equal(xrm.calls.find((c) => c.entity === "account").id, HELD);
    assert.equal(form.notifications["arc-credit"].level, "ERROR");
    assert.match(form.notifications["arc-credit"].message, /Contoso Ltd is on credit hold/);
});

test("a contact without a parent account shows nothing and reads no account", async () => {
    const { ArcCredit, xrm } = load({});
    const { form, event } = order({ customerid: customer("contact", ORPHAN, "Walk-in") });

    await ArcCredit.onLoad(event());

    assert.deepEqual(form.notifications, {});
    assert.equal(xrm.calls.filter((c) => c.entity === "account").length, 0);
});

test("in Reject mode onSave cancels the save for a held customer and says why", async () => {
    const { ArcCredit } = load({ enforcement: "Reject" });
    const { form, event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });
    await ArcCredit.onLoad(event());

    const save = event();
    const result = ArcCredit.onSave(save);

    assert.equal(result, undefined, "the decision is synchronous when the status is known");
    assert.equal(save.prevented, true);
    assert.equal(form.notifications["arc-credit"].level, "ERROR");
    assert.match(form.notifications["arc-credit"].message, /^This order cannot be saved: Contoso Ltd is on credit hold/);
    assert.match(form.notifications["arc-credit"].message, /Call Jane Doe/);
});

test("in Reject mode onSave lets a good customer's order save", async () => {
    const { ArcCredit } = load({ enforcement: "Reject" });
    const { event } = order({ customerid: customer("account", GOOD, "Fabrikam Inc") });
    await ArcCredit.onLoad(event());

    const save = event();
    await ArcCredit.onSave(save);

    assert.equal(save.prevented, false);
});

test("in Reject mode a save right after a customer change (status not read yet) still cancels, once read", async () => {
    const { ArcCredit } = load({ enforcement: "Reject" });
    const { event, form } = order({ customerid: customer("account", GOOD, "Fabrikam Inc") });
    await ArcCredit.onLoad(event());
    form.getAttribute("customerid").setValue(customer("account", HELD, "Contoso Ltd"));

    const save = event();
    await ArcCredit.onSave(save);

    assert.equal(save.prevented, true);
});

test("in Hold mode (the default) onSave never cancels, even for a held customer", async () => {
    const { ArcCredit } = load({ enforcement: "Hold" });
    const { form, event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });
    await ArcCredit.onLoad(event());

    const save = event();
    await ArcCredit.onSave(save);

    assert.equal(save.prevented, false);
    assert.equal(form.notifications["arc-credit"].level, "ERROR");
});

test("without the environment variable the mode is Hold", async () => {
    const { ArcCredit } = load({});
    const { event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });
    await ArcCredit.onLoad(event());

    const save = event();
    await ArcCredit.onSave(save);

    assert.equal(save.prevented, false);
});

test("a failed WebApi call shows a WARNING that the status could not be read and does not block the save", async () => {
    const { ArcCredit } = load({ enforcement: "Reject", failing: true });
    const { form, event } = order({ customerid: customer("account", HELD, "Contoso Ltd") });

    await assert.doesNotReject(ArcCredit.onLoad(event()));
    assert.equal(form.notifications["arc-credit"].level, "WARNING");
    assert.match(form.notifications["arc-credit"].message, /credit status could not be read/);

    const save = event();
    await assert.doesNotReject(Promise.resolve(ArcCredit.onSave(save)));
    assert.equal(save.prevented, false);
    assert.equal(form.notifications["arc-credit"].level, "WARNING");
});

test("a customer whose account does not exist shows the WARNING", async () => {
    const { ArcCredit } = load({});
    const { form, event } = order({ customerid: customer("account", "00000000-0000-0000-0000-000000000001", "Gone") });

    await ArcCredit.onLoad(event());

    assert.equal(form.notifications["arc-credit"].level, "WARNING");
});

test("a broken form (no ui) does not throw from any handler", async () => {
    const { ArcCredit } = load({});
    const broken = { getFormContext: () => ({ getAttribute: () => { throw new Error("boom"); } }), getEventArgs: () => ({ preventDefault() {} }) };

    await assert.doesNotReject(ArcCredit.onLoad(broken));
    await assert.doesNotReject(ArcCredit.onCustomerChange(broken));
    assert.doesNotThrow(() => ArcCredit.onSave(broken));
});
