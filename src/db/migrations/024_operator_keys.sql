-- Issue 31 item 1 (domain.md §10): an operator's OpenSSH public keys. On the
-- county server the key is the sign-in: `gridcare ssh-keys` gives sshd the
-- keys of operators who have not ended and are not locked out, each tied to
-- a command that signs in as its operator. A key belongs to one operator
-- (its fingerprint is unique); the row goes when the key is removed, the
-- audit log keeps who added and removed it.
CREATE TABLE operator_key (
    id          INTEGER PRIMARY KEY,
    operator_id INTEGER NOT NULL REFERENCES operator(id),
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE CHECK (fingerprint LIKE 'SHA256:%'),
    comment     TEXT NOT NULL DEFAULT '',
    added_on    TEXT NOT NULL
);
CREATE INDEX operator_key_operator ON operator_key(operator_id);

INSERT INTO setting (key, value, description) VALUES
  ('auth.ssh', 'key', 'operators over SSH: key = the key bound to an operator (gridcare operator key add) signs them in; key+pin = the PIN is asked as well; off = no key signs anyone in (§10)');
