-- Earlier studies the data center sends along for comparison (X-RadPost-Prior-For) are kept apart from new work.
ALTER TABLE arrived_message ADD COLUMN prior_for VARCHAR(64);
