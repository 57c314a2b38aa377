-- Issue 14 (签约): a contract ended early keeps its row; its end_date
-- becomes the last day covered and end_reason says why. Renewing adds the
-- next period as a row of its own, so the history stays.
ALTER TABLE contract ADD COLUMN end_reason TEXT CHECK (end_reason IS NULL OR length(trim(end_reason)) > 0);
