-- Migration 4 (issue 15): a household's last change is found through the
-- audit log, for the check that nothing changed under a form being saved.
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
