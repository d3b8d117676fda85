-- One row per run of a scheduled job: which node ran it and when, so an operator (and the several-nodes test) can
-- see that each job ran once per interval across the deployment, not once per node. Rows older than 30 days go.
CREATE TABLE job_run (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    job         VARCHAR(64)  NOT NULL,
    node        VARCHAR(100) NOT NULL,
    started_at  DATETIME(3)  NOT NULL,
    finished_at DATETIME(3)  NOT NULL,
    outcome     VARCHAR(16)  NOT NULL
);
CREATE INDEX ix_job_run_job_started ON job_run (job, started_at);
