-- The applicants of open requests by their four-part name, folded by the search rule, and
-- their birth date: requests of one person under different national IDs meet here as
-- possible duplicates. Filled as each request is indexed (the index's version rose with it).
CREATE TABLE case_names (
    case_id     TEXT NOT NULL PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    name_key    TEXT COLLATE "C" NOT NULL,
    born        DATE NOT NULL,
    national_id TEXT NOT NULL
);
CREATE INDEX case_names_person ON case_names (name_key, born);
