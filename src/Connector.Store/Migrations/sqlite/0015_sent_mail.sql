-- Each dunning email as it left the shared mailbox (issue 20): recipients and full content, for the evidence pack.
-- Before this, only the contact attempt (day, sender, subject) was kept; the outbox entry holding the body was deleted
-- once sent. to_list and cc_list are the addresses joined by ';'. One row per letter key: recording it twice is a no-op.
CREATE TABLE sent_mail (
    mail_key     TEXT NOT NULL PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    level        INTEGER NOT NULL,
    on_date      TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    from_mailbox TEXT NOT NULL,
    to_list      TEXT NOT NULL,
    cc_list      TEXT NOT NULL,
    subject      TEXT NOT NULL,
    html_body    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sent_mail_customer ON sent_mail (customer_id, sent_at);
