-- Issue 25 item 2 (domain.md §7): a referral received and neither returned
-- down nor closed after this many days is flagged, as one sent and not
-- received after referral.no_reply_days is.
INSERT INTO setting (key, value, description) VALUES
  ('referral.no_return_days', '30', 'referrals: received and not returned down or closed after this many days are listed as no return (§7)');
-- Issue 24 items 5 and 6: the sign-in settings read with their defaults
-- until now, as rows a coordinator can see and change.
INSERT INTO setting (key, value, description) VALUES
  ('auth.backdate_days', '30', 'operators: how many days back anyone but a coordinator may date a visit, a referral step or a care plan'),
  ('auth.read_only_delay_ms', '1000', 'operators: the wait before each sign-in on a file that cannot be written, doubled by each wrong PIN');
