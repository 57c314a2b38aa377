-- Issue 14 (domain.md §8 健康管理率): patients under management ÷ estimated
-- patients in the area. The estimate is the adult residents (18 and over on
-- the evaluation day, active, in scope) × the prevalence, in percent. The
-- defaults are the national adult prevalence of 《中国居民营养与慢性病状况报告（2020年）》.
INSERT INTO setting (key, value, description) VALUES
  ('indicators.prevalence_htn', '27.5', 'health management rate: adult hypertension prevalence in percent, 0 < p <= 100 (national figure, 中国居民营养与慢性病状况报告（2020年）; §8)'),
  ('indicators.prevalence_dm', '11.9', 'health management rate: adult diabetes prevalence in percent, 0 < p <= 100 (national figure, 中国居民营养与慢性病状况报告（2020年）; §8)');
