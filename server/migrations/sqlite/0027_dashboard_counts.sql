-- The head office's dashboard, counted as requests change instead of read whole on every
-- view: for each facet (status, point, channel, governorate, month in each calendar, the
-- support asked for, days to a decision) the requests handed in with each value. Kept by
-- triggers on the index, so every path that writes the index keeps them right.

CREATE TABLE dashboard_counts (
    facet TEXT    NOT NULL,
    -- The value as the index holds it; '' where the index holds none.
    value TEXT    NOT NULL,
    cases INTEGER NOT NULL,
    PRIMARY KEY (facet, value)
);

INSERT INTO dashboard_counts (facet, value, cases)
SELECT facet, value, COUNT(*) FROM (
    SELECT 'status' AS facet, status AS value FROM case_index WHERE submitted
    UNION ALL SELECT 'point', point FROM case_index WHERE submitted
    UNION ALL SELECT 'channel', channel FROM case_index WHERE submitted
    UNION ALL SELECT 'governorate', governorate FROM case_index WHERE submitted
    UNION ALL SELECT 'g_month', COALESCE(g_month, '') FROM case_index WHERE submitted
    UNION ALL SELECT 'h_month', COALESCE(h_month, '') FROM case_index WHERE submitted
    UNION ALL SELECT 'support', support FROM case_index WHERE submitted
    UNION ALL SELECT 'decision_days', COALESCE(CAST(decision_days AS TEXT), '') FROM case_index WHERE submitted
) GROUP BY facet, value;

CREATE TRIGGER dashboard_counts_out_on_update AFTER UPDATE ON case_index WHEN OLD.submitted
BEGIN
    UPDATE dashboard_counts SET cases = cases - 1 WHERE
        (facet = 'status' AND value = OLD.status)
        OR (facet = 'point' AND value = OLD.point)
        OR (facet = 'channel' AND value = OLD.channel)
        OR (facet = 'governorate' AND value = OLD.governorate)
        OR (facet = 'g_month' AND value = COALESCE(OLD.g_month, ''))
        OR (facet = 'h_month' AND value = COALESCE(OLD.h_month, ''))
        OR (facet = 'support' AND value = OLD.support)
        OR (facet = 'decision_days' AND value = COALESCE(CAST(OLD.decision_days AS TEXT), ''));
END;

CREATE TRIGGER dashboard_counts_out_on_delete AFTER DELETE ON case_index WHEN OLD.submitted
BEGIN
    UPDATE dashboard_counts SET cases = cases - 1 WHERE
        (facet = 'status' AND value = OLD.status)
        OR (facet = 'point' AND value = OLD.point)
        OR (facet = 'channel' AND value = OLD.channel)
        OR (facet = 'governorate' AND value = OLD.governorate)
        OR (facet = 'g_month' AND value = COALESCE(OLD.g_month, ''))
        OR (facet = 'h_month' AND value = COALESCE(OLD.h_month, ''))
        OR (facet = 'support' AND value = OLD.support)
        OR (facet = 'decision_days' AND value = COALESCE(CAST(OLD.decision_days AS TEXT), ''));
END;

CREATE TRIGGER dashboard_counts_in_on_insert AFTER INSERT ON case_index WHEN NEW.submitted
BEGIN
    INSERT INTO dashboard_counts (facet, value, cases) VALUES
        ('status', NEW.status, 1),
        ('point', NEW.point, 1),
        ('channel', NEW.channel, 1),
        ('governorate', NEW.governorate, 1),
        ('g_month', COALESCE(NEW.g_month, ''), 1),
        ('h_month', COALESCE(NEW.h_month, ''), 1),
        ('support', NEW.support, 1),
        ('decision_days', COALESCE(CAST(NEW.decision_days AS TEXT), ''), 1)
    ON CONFLICT (facet, value) DO UPDATE SET cases = cases + 1;
END;

CREATE TRIGGER dashboard_counts_in_on_update AFTER UPDATE ON case_index WHEN NEW.submitted
BEGIN
    INSERT INTO dashboard_counts (facet, value, cases) VALUES
        ('status', NEW.status, 1),
        ('point', NEW.point, 1),
        ('channel', NEW.channel, 1),
        ('governorate', NEW.governorate, 1),
        ('g_month', COALESCE(NEW.g_month, ''), 1),
        ('h_month', COALESCE(NEW.h_month, ''), 1),
        ('support', NEW.support, 1),
        ('decision_days', COALESCE(CAST(NEW.decision_days AS TEXT), ''), 1)
    ON CONFLICT (facet, value) DO UPDATE SET cases = cases + 1;
END;
