-- Issue 25 item 2 (domain.md §7): a referral received and neither returned
-- down nor closed after this many days is flagged, as one sent and not
-- received after referral.no_reply_days is.
INSERT INTO setting (key, value, description) VALUES
  ('referral.no_return_days', '30', 'referrals: received and not returned down or closed after this many days are listed as no return (§7)');
