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

-- Each request handed in, once per facet, with its value there: the one list of facets.
CREATE VIEW case_facets AS
    SELECT case_id, 'status' AS facet, status AS value FROM case_index WHERE submitted
    UNION ALL SELECT case_id, 'point', point FROM case_index WHERE submitted
    UNION ALL SELECT case_id, 'channel', channel FROM case_index WHERE submitted
    UNION ALL SELECT case_id, 'governorate', governorate FROM case_index WHERE submitted
    UNION ALL SELECT case_id, 'g_month', COALESCE(g_month, '') FROM case_index WHERE submitted
    UNION ALL SELECT case_id, 'h_month', COALESCE(h_month, '') FROM case_index WHERE submitted
    UNION ALL SELECT case_id, 'support', support FROM case_index WHERE submitted
    UNION ALL SELECT case_id, 'decision_days', COALESCE(CAST(decision_days AS TEXT), '')
        FROM case_index WHERE submitted;

INSERT INTO dashboard_counts (facet, value, cases)
SELECT facet, value, COUNT(*) FROM case_facets GROUP BY facet, value;

-- A row is counted out before it changes or goes, while it still holds what was counted,
-- and counted in once it is written.
CREATE TRIGGER dashboard_counts_out_on_update BEFORE UPDATE ON case_index BEGIN
    UPDATE dashboard_counts SET cases = cases - 1
    WHERE (facet, value) IN (SELECT facet, value FROM case_facets WHERE case_id = OLD.case_id);
END;
CREATE TRIGGER dashboard_counts_out_on_delete BEFORE DELETE ON case_index BEGIN
    UPDATE dashboard_counts SET cases = cases - 1
    WHERE (facet, value) IN (SELECT facet, value FROM case_facets WHERE case_id = OLD.case_id);
END;
CREATE TRIGGER dashboard_counts_in_on_insert AFTER INSERT ON case_index BEGIN
    INSERT INTO dashboard_counts (facet, value, cases)
    SELECT facet, value, 1 FROM case_facets WHERE case_id = NEW.case_id
    ON CONFLICT (facet, value) DO UPDATE SET cases = cases + 1;
END;
CREATE TRIGGER dashboard_counts_in_on_update AFTER UPDATE ON case_index BEGIN
    INSERT INTO dashboard_counts (facet, value, cases)
    SELECT facet, value, 1 FROM case_facets WHERE case_id = NEW.case_id
    ON CONFLICT (facet, value) DO UPDATE SET cases = cases + 1;
END;
