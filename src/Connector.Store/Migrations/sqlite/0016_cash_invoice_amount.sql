-- A cash line paying an invoice in another currency than the payment (issue 18 §2, decision 106): what it takes off the
-- invoice, in the invoice's currency. NULL for a line in one currency (the amount plus the write-off).
ALTER TABLE cash_line ADD COLUMN invoice_amount TEXT;
