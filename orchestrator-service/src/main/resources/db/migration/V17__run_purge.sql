-- Purging finished runs by age reads runs by completion time, oldest first.
CREATE INDEX runs_by_completion ON runs (tenant, completed_at)
    WHERE completed_at IS NOT NULL;
