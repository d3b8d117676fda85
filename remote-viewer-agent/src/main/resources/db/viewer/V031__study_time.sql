-- A prior is an earlier study by date and time: keep the study's time beside its date.
ALTER TABLE study ADD COLUMN study_time TIME;
