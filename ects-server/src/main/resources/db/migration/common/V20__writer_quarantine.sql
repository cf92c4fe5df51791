-- Rows a batch writer could not store because the database refused what they hold (a value out of range, too long,
-- a constraint): each was isolated from its batch, which was written without it, and kept here with the reason so
-- that the writer went on. An operator inspects them, fixes the cause and replays them (docs/operations.md).
CREATE TABLE writer_quarantine (
    id              BIGINT                   PRIMARY KEY,
    writer          VARCHAR(64)              NOT NULL,
    row_kind        VARCHAR(32)              NOT NULL,
    row_text        VARCHAR                  NOT NULL,
    error           VARCHAR(2000)            NOT NULL,
    sql_state       VARCHAR(5),
    quarantined_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX writer_quarantine_writer ON writer_quarantine (writer, quarantined_at);
