-- Issue 14 (domain.md §2 ★1): the family doctor's one-person-one-plan
-- 一人一策 has the day it was last written and the day it is to be reviewed.
-- A plan without a review date stays valid care_plan.review_months after it
-- was written; a ★1 elder without a plan is due one care_plan.due_days after
-- they became ★1. Plans written before this migration have no dates: the
-- queue asks for them to be written again (with a review date).
ALTER TABLE resident ADD COLUMN care_plan_written_on TEXT
    CHECK (care_plan_written_on IS NULL OR date(care_plan_written_on, '+0 days') IS care_plan_written_on);
ALTER TABLE resident ADD COLUMN care_plan_review_on TEXT
    CHECK (care_plan_review_on IS NULL OR (date(care_plan_review_on, '+0 days') IS care_plan_review_on
        AND (care_plan_written_on IS NULL OR care_plan_review_on > care_plan_written_on)));

INSERT INTO setting (key, value, description) VALUES
  ('care_plan.review_months', '6', 'one-person-one-plan: months a plan stays valid when it has no review date (§2 ★1, ours)'),
  ('care_plan.due_days', '30', 'one-person-one-plan: days after becoming ★1 within which the first plan is due (§2 ★1, ours)');
