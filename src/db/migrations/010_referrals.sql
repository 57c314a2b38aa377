-- Issue 14 (domain.md §7): a referral ends either returned down (下转, with
-- the county's advice in `outcome`) or closed (with its outcome); closing
-- needs its own date. A referral sent and not received after this many days
-- is listed apart on screen 7.
ALTER TABLE referral ADD COLUMN closed_on TEXT
    CHECK (closed_on IS NULL OR (date(closed_on, '+0 days') IS closed_on AND received_on IS NOT NULL AND closed_on >= received_on));
CREATE INDEX referral_open ON referral(sent_on) WHERE returned_on IS NULL AND closed_on IS NULL;

INSERT INTO setting (key, value, description) VALUES
  ('referral.no_reply_days', '7', 'referrals: sent and not received after this many days are listed as no reply (§7)');
