-- The applicants of open requests by their four-part name, folded by the search rule, and
-- their birth date: requests of one person under different national IDs meet here as
-- possible duplicates. Filled as each request is indexed (the index's version rose with it).
CREATE TABLE case_names (
    case_id     TEXT NOT NULL PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    name_key    TEXT NOT NULL,
    born        TEXT NOT NULL,
    national_id TEXT NOT NULL
);
CREATE INDEX case_names_person ON case_names (name_key, born);

-- How many open requests carry each name and birth date, kept as requests are indexed, so
-- the list's flags start from the few shared instead of pairing every applicant.
CREATE TABLE name_counts (
    name_key TEXT NOT NULL,
    born     TEXT NOT NULL,
    cases    INTEGER NOT NULL,
    PRIMARY KEY (name_key, born)
);
CREATE INDEX name_counts_shared ON name_counts (name_key, born) WHERE cases > 1;
