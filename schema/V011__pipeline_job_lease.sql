-- A scheduled job (completeness check, retention, later deadlines) runs once per deployment, not once per node:
-- before a run, a node takes the job's lease for one interval; another node runs it only once the lease lapsed.
CREATE TABLE job_lease (
    name       VARCHAR(64)  NOT NULL,
    holder     VARCHAR(100) NOT NULL,
    held_until DATETIME(3)  NOT NULL,
    CONSTRAINT pk_job_lease PRIMARY KEY (name)
);
