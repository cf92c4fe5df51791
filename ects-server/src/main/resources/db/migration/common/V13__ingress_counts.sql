-- Running totals of the archive by outcome and reason, kept by the ingest partitions in the same transaction as the
-- messages they count, so that the administrators' totals no longer scan the whole archive. One row per partition and
-- (outcome, reason): partitions never wait on each other's row locks. Partition -1 holds what was archived before.
CREATE TABLE ingress_counts (
    partition_no        INTEGER      NOT NULL,
    outcome             VARCHAR(16)  NOT NULL,
    reason              VARCHAR(32)  NOT NULL,
    messages            BIGINT       NOT NULL,
    PRIMARY KEY (partition_no, outcome, reason)
);
INSERT INTO ingress_counts (partition_no, outcome, reason, messages)
    SELECT -1, outcome, COALESCE(reason, ''), COUNT(*) FROM raw_messages GROUP BY outcome, COALESCE(reason, '');
