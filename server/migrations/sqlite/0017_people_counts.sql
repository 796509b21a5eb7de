-- How many open requests name each national ID (as applicant or household member), kept
-- as requests are indexed, so the head office's possible duplicates start from the few IDs
-- held by more than one instead of grouping every person of every request. The count only
-- narrows where to look: the pairs themselves are still found in case_people.
CREATE TABLE people_counts (
    national_id TEXT    PRIMARY KEY NOT NULL,
    cases       INTEGER NOT NULL
);
INSERT INTO people_counts (national_id, cases)
    SELECT national_id, COUNT(DISTINCT case_id) FROM case_people GROUP BY national_id;
CREATE INDEX people_counts_shared ON people_counts (national_id) WHERE cases > 1;
