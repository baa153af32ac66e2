/*
 * arc_/scripts/salesorder_credit.js: layer 3 of the credit holds on new orders (INTEGRATIONS.md, "Credit holds on
 * new orders: three layers"). On the order form it reads the customer's AR columns, which the receivables
 * connector keeps current on the account, and tells the sales rep in a form notification why the customer is
 * held, in numbers, and whom to call. In Reject mode it stops the save itself, because the synchronous webhook
 * (layer 2) can only make Dataverse show a generic "Endpoint unavailable" error.
 *
 * Plain ES2017, no build step. Register on the salesorder main form: library arc_/scripts/salesorder_credit.js,
 * OnLoad → ArcCredit.onLoad, OnSave → ArcCredit.onSave, customerid OnChange → ArcCredit.onCustomerChange, each
 * with "Pass execution context as first parameter". The script never throws to the user: anything that fails
 * ends in a WARNING notification saying the credit status could not be read, and never blocks the save.
 */
/* global Xrm */
// eslint-disable-next-line no-var
var ArcCredit = (function () {
    "use strict";

    /** The one notification id this script owns on the form. */
    var NOTIFICATION_ID = "arc-credit";

    /**
     * The enforcement mode comes from the environment variable arc_OrderEnforcement ("Hold" or "Reject"), the same
     * value as the connector's Credit:OrderEnforcement. An environment variable rather than a constant in a config web
     * resource: it is Microsoft's documented per-environment setting, travels in the solution with a default (Hold),
     * and an admin changes it per environment in the maker portal without editing or re-publishing a script.
     */
    var ENFORCEMENT_VARIABLE = "arc_OrderEnforcement";

    var ACCOUNT_COLUMNS = [
        "name", "creditonhold", "arc_holdmessage", "creditlimit", "arc_exposure", "arc_overdueamount",
        "arc_availablecredit", "arc_collectorname", "arc_collectoremail"
    ];

    /** The last read, kept so that onSave can decide synchronously (a save handler must call preventDefault before it returns). */
    var state = { customerKey: null, status: null, enforcement: null };

    function formOf(executionContext) {
        return executionContext.getFormContext();
    }

    function cleanId(id) {
        return String(id || "").replace(/[{}]/g, "").toLowerCase();
    }

    /** The order's customer as {entityType, id, name}, or null when none is chosen. */
    function customerOf(formContext) {
        var attribute = formContext.getAttribute("customerid");
        var value = attribute ? attribute.getValue() : null;
        if (!value || value.length === 0) {
            return null;
        }

        return { entityType: value[0].entityType, id: cleanId(value[0].id), name: value[0].name || "" };
    }

    function keyOf(customer) {
        return customer ? customer.entityType + ":" + customer.id : null;
    }

    /** A money column as Dynamics formats it (the formatted-value annotation), else the plain number. */
    function money(record, column) {
        var formatted = record[column + "@OData.Community.Display.V1.FormattedValue"];
        if (formatted) {
            return formatted;
        }

        var value = record[column];
        return typeof value === "number" ? value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : "n/a";
    }

    function readEnforcement() {
        var options = "?$select=schemaname,defaultvalue&$filter=schemaname eq '" + ENFORCEMENT_VARIABLE + "'"
            + "&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)";
        return Xrm.WebApi.retrieveMultipleRecords("environmentvariabledefinition", options).then(function (result) {
            var definition = result && result.entities && result.entities[0];
            if (!definition) {
                return "Hold";
            }

            var values = definition.environmentvariabledefinition_environmentvariablevalue || [];
            var value = values.length > 0 && values[0].value ? values[0].value : definition.defaultvalue;
            return String(value || "").trim().toLowerCase() === "reject" ? "Reject" : "Hold";
        }, function () {
            // The webhook enforces Reject anyway; a form that cannot read the setting only informs.
            return "Hold";
        });
    }

    /** The account whose credit applies: the customer itself, or a contact's parent account (null when it has none). */
    function accountIdOf(customer) {
        if (customer.entityType === "account") {
            return Promise.resolve(customer.id);
        }

        return Xrm.WebApi.retrieveRecord("contact", customer.id, "?$select=_parentcustomerid_value").then(function (contact) {
            var parent = contact["_parentcustomerid_value"];
            var parentType = contact["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"];
            return parent && (!parentType || parentType === "account") ? cleanId(parent) : null;
        });
    }

    /** Reads the customer's credit: {kind: "held"|"released"|"good"|"noaccount", account}. */
    function readStatus(customer) {
        return accountIdOf(customer).then(function (accountId) {
            if (!accountId) {
                return { kind: "noaccount", account: null };
            }

            return Xrm.WebApi.retrieveRecord("account", accountId, "?$select=" + ACCOUNT_COLUMNS.join(",")).then(function (account) {
                var kind = account.creditonhold === true ? "held" : account.arc_holdmessage ? "released" : "good";
                return { kind: kind, account: account };
            });
        });
    }

    function figures(account) {
        return "Credit limit " + money(account, "creditlimit")
            + ", exposure " + money(account, "arc_exposure")
            + ", overdue " + money(account, "arc_overdueamount")
            + ", available " + money(account, "arc_availablecredit") + ".";
    }

    function collector(account) {
        if (!account.arc_collectorname) {
            return "Call the collections team.";
        }

        return "Call " + account.arc_collectorname + (account.arc_collectoremail ? " (" + account.arc_collectoremail + ")" : "") + ".";
    }

    function holdText(account, enforcement) {
        var sentence = account.arc_holdmessage || ((account.name || "This customer") + " is on credit hold.");
        var lead = enforcement === "Reject" ? "This order cannot be saved: " : "Credit hold — the order will be held: ";
        return lead + sentence + " " + figures(account) + " " + collector(account);
    }

    function orderTotal(formContext) {
        var attribute = formContext.getAttribute("totalamount");
        var value = attribute ? attribute.getValue() : null;
        return typeof value === "number" ? value : null;
    }

    /** Shows what the rep must know about the status, or clears the notification when there is nothing to say. */
    function show(formContext, status, enforcement) {
        var ui = formContext.ui;
        if (status.kind === "held") {
            ui.setFormNotification(holdText(status.account, enforcement), "ERROR", NOTIFICATION_ID);
            return;
        }

        if (status.kind === "released") {
            ui.setFormNotification("Credit hold released: " + status.account.arc_holdmessage + " " + figures(status.account), "INFO", NOTIFICATION_ID);
            return;
        }

        if (status.kind === "good") {
            var total = orderTotal(formContext);
            var available = status.account.arc_availablecredit;
            if (total !== null && typeof available === "number" && total > available) {
                ui.setFormNotification("This order (" + total.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
                    + ") is more than the customer's available credit: it may be held. " + figures(status.account) + " " + collector(status.account),
                    "WARNING", NOTIFICATION_ID);
                return;
            }
        }

        ui.clearFormNotification(NOTIFICATION_ID);
    }

    function warnUnreadable(formContext) {
        try {
            formContext.ui.setFormNotification(
                "The customer's credit status could not be read; the order is checked again when it is saved.", "WARNING", NOTIFICATION_ID);
        } catch (ignored) {
            // Nothing left to tell the user with; never throw from a form handler.
        }
    }

    /** Reads and shows the current customer's credit; resolves to the state (never rejects). */
    function refresh(formContext) {
        var customer;
        try {
            customer = customerOf(formContext);
        } catch (e) {
            warnUnreadable(formContext);
            return Promise.resolve(state);
        }

        var key = keyOf(customer);
        if (!customer) {
            state = { customerKey: null, status: null, enforcement: state.enforcement };
            try {
                formContext.ui.clearFormNotification(NOTIFICATION_ID);
            } catch (ignored) {
                // see warnUnreadable
            }

            return Promise.resolve(state);
        }

        var enforcement = state.enforcement ? Promise.resolve(state.enforcement) : readEnforcement();
        return Promise.all([readStatus(customer), enforcement]).then(function (results) {
            // A later customer change may have finished first: only the current customer's answer is shown.
            if (keyOf(customerOf(formContext)) !== key) {
                return state;
            }

            state = { customerKey: key, status: results[0], enforcement: results[1] };
            show(formContext, results[0], results[1]);
            return state;
        }).catch(function () {
            state = { customerKey: null, status: null, enforcement: state.enforcement };
            warnUnreadable(formContext);
            return state;
        });
    }

    /** Cancels the save when Reject mode is on and the customer is on hold; says why. */
    function decide(executionContext, formContext, current) {
        if (current.enforcement === "Reject" && current.status && current.status.kind === "held") {
            executionContext.getEventArgs().preventDefault();
            formContext.ui.setFormNotification(holdText(current.status.account, "Reject"), "ERROR", NOTIFICATION_ID);
        }
    }

    return {
        /** Form OnLoad. Returns a promise (Dynamics waits for it when async OnLoad handlers are enabled; harmless when not). */
        onLoad: function (executionContext) {
            try {
                return refresh(formOf(executionContext));
            } catch (e) {
                return Promise.resolve(state);
            }
        },

        /** customerid OnChange. */
        onCustomerChange: function (executionContext) {
            try {
                return refresh(formOf(executionContext));
            } catch (e) {
                return Promise.resolve(state);
            }
        },

        /**
         * Form OnSave. When the current customer's status is already known (read at load or at customer change), the
         * decision is synchronous, so preventDefault works in every app. Otherwise it reads first and returns the
         * promise: Dynamics waits for it only when the app enables async save handlers; without that the save goes on
         * and the webhook (layer 2) refuses it.
         */
        onSave: function (executionContext) {
            try {
                var formContext = formOf(executionContext);
                var customer = customerOf(formContext);
                if (!customer) {
                    return undefined;
                }

                if (state.customerKey === keyOf(customer) && state.status) {
                    decide(executionContext, formContext, state);
                    return undefined;
                }

                return refresh(formContext).then(function (current) {
                    try {
                        if (current.customerKey === keyOf(customer)) {
                            decide(executionContext, formContext, current);
                        }
                    } catch (ignored) {
                        // never throw from a form handler
                    }
                });
            } catch (e) {
                return undefined;
            }
        },

        /** Test seam: forgets what was read (a new form load starts clean in Dynamics anyway). */
        _reset: function () {
            state = { customerKey: null, status: null, enforcement: null };
        }
    };
}());
