/*
 * A fake of the parts of the Dynamics client API the credit script uses: Xrm.WebApi.retrieveRecord and
 * retrieveMultipleRecords over an in-memory table of records, and a form (attributes, form notifications) with
 * execution contexts whose save event can be cancelled. Shared by the Node tests and the Chromium harness page.
 */
(function (root) {
    "use strict";

    function clean(id) {
        return String(id || "").replace(/[{}]/g, "").toLowerCase();
    }

    /**
     * options.records: { "account:<id>": {...columns}, "contact:<id>": {...} }
     * options.enforcement: "Hold" | "Reject" | undefined (no environment variable definition)
     * options.failing: true makes every WebApi call reject like a network or privilege error.
     */
    function createFakeXrm(options) {
        var records = options.records || {};
        var calls = [];
        var fake = {
            failing: !!options.failing,
            calls: calls,
            WebApi: {
                retrieveRecord: function (entity, id, query) {
                    calls.push({ entity: entity, id: clean(id), query: query });
                    if (fake.failing) {
                        return Promise.reject({ errorCode: 2147746581, message: "Network error" });
                    }

                    var record = records[entity + ":" + clean(id)];
                    return record
                        ? Promise.resolve(Object.assign({}, record))
                        : Promise.reject({ errorCode: 2147746581, message: entity + " With Id = " + id + " Does Not Exist" });
                },
                retrieveMultipleRecords: function (entity, query) {
                    calls.push({ entity: entity, query: query });
                    if (fake.failing) {
                        return Promise.reject({ errorCode: 2147746581, message: "Network error" });
                    }

                    if (entity !== "environmentvariabledefinition" || !options.enforcement) {
                        return Promise.resolve({ entities: [] });
                    }

                    return Promise.resolve({ entities: [{
                        schemaname: "arc_OrderEnforcement",
                        defaultvalue: "Hold",
                        environmentvariabledefinition_environmentvariablevalue: [{ value: options.enforcement }]
                    }] });
                }
            }
        };
        return fake;
    }

    /** A salesorder form: attributes by name, and the form notifications as a person would see them. */
    function createForm(values, onChange) {
        var attributes = {};
        var notifications = {};
        Object.keys(values).forEach(function (name) {
            var value = values[name];
            attributes[name] = {
                getValue: function () { return value; },
                setValue: function (v) { value = v; }
            };
        });
        var formContext = {
            notifications: notifications,
            getAttribute: function (name) { return attributes[name] || null; },
            ui: {
                setFormNotification: function (message, level, id) {
                    if (["ERROR", "WARNING", "INFO"].indexOf(level) < 0) {
                        throw new Error("invalid notification level " + level);
                    }

                    notifications[id] = { message: message, level: level };
                    if (onChange) { onChange(notifications); }
                    return true;
                },
                clearFormNotification: function (id) {
                    delete notifications[id];
                    if (onChange) { onChange(notifications); }
                    return true;
                }
            }
        };
        return formContext;
    }

    /** An execution context for one event; save events can be cancelled. */
    function createExecutionContext(formContext) {
        var prevented = false;
        return {
            getFormContext: function () { return formContext; },
            getEventArgs: function () {
                return {
                    preventDefault: function () { prevented = true; },
                    isDefaultPrevented: function () { return prevented; },
                    getSaveMode: function () { return 1; }
                };
            },
            get prevented() { return prevented; }
        };
    }

    var api = { createFakeXrm: createFakeXrm, createForm: createForm, createExecutionContext: createExecutionContext };
    if (typeof module === "object" && module.exports) {
        module.exports = api;
    } else {
        root.FakeXrm = api;
    }
}(typeof globalThis !== "undefined" ? globalThis : this));
