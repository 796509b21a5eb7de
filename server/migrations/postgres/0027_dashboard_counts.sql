-- The head office's dashboard, counted as requests change instead of read whole on every
-- view: for each facet (status, point, channel, governorate, month in each calendar, the
-- support asked for, days to a decision) the requests handed in with each value. Kept by
-- a trigger on the index, so every path that writes the index keeps them right.

CREATE TABLE dashboard_counts (
    facet TEXT   NOT NULL,
    -- The value as the index holds it; '' where the index holds none.
    value TEXT   NOT NULL,
    cases BIGINT NOT NULL,
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
    UNION ALL SELECT 'decision_days', COALESCE(decision_days::TEXT, '') FROM case_index WHERE submitted
) counted GROUP BY facet, value;

CREATE FUNCTION dashboard_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.submitted THEN
        UPDATE dashboard_counts SET cases = cases - 1 WHERE (facet, value) IN (
            ('status', OLD.status),
            ('point', OLD.point),
            ('channel', OLD.channel),
            ('governorate', OLD.governorate),
            ('g_month', COALESCE(OLD.g_month, '')),
            ('h_month', COALESCE(OLD.h_month, '')),
            ('support', OLD.support),
            ('decision_days', COALESCE(OLD.decision_days::TEXT, '')));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.submitted THEN
        INSERT INTO dashboard_counts (facet, value, cases) VALUES
            ('status', NEW.status, 1),
            ('point', NEW.point, 1),
            ('channel', NEW.channel, 1),
            ('governorate', NEW.governorate, 1),
            ('g_month', COALESCE(NEW.g_month, ''), 1),
            ('h_month', COALESCE(NEW.h_month, ''), 1),
            ('support', NEW.support, 1),
            ('decision_days', COALESCE(NEW.decision_days::TEXT, ''), 1)
        ON CONFLICT (facet, value) DO UPDATE SET cases = dashboard_counts.cases + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER dashboard_counted AFTER INSERT OR UPDATE OR DELETE ON case_index
    FOR EACH ROW EXECUTE FUNCTION dashboard_counted();
