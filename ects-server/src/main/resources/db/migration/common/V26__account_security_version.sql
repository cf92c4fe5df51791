-- Identity: a per-account security version. Every session and bearer token carries the version it was issued under;
-- a role change, a disable or enable, or an administrator ending the account's sessions increments it, so every
-- existing session and token of the account stops working at its next request.
-- failed_login_count no longer restarts at 0 when an account is locked: it counts every consecutive failure, and
-- the delay before the next attempt doubles with each failure past the threshold (see LoginService).
ALTER TABLE users ADD COLUMN security_version BIGINT DEFAULT 0 NOT NULL;
