-- Each dunning email as it left the shared mailbox (issue 20): recipients and full content, for the evidence pack.
-- Before this, only the contact attempt (day, sender, subject) was kept; the outbox entry holding the body was deleted
-- once sent. to_list and cc_list are the addresses joined by ';'. One row per letter key: recording it twice is a no-op.
CREATE TABLE sent_mail (
    mail_key     text COLLATE "C" NOT NULL PRIMARY KEY,
    customer_id  text COLLATE "C" NOT NULL,
    case_id      text COLLATE "C" NOT NULL,
    level        integer NOT NULL,
    on_date      date NOT NULL,
    sent_at      timestamptz NOT NULL,
    from_mailbox text NOT NULL,
    to_list      text NOT NULL,
    cc_list      text NOT NULL,
    subject      text NOT NULL,
    html_body    text NOT NULL
);
CREATE INDEX sent_mail_customer ON sent_mail (customer_id, sent_at);
