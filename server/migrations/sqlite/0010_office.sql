-- The head office's consolidated views: what the list searches, filters and sorts by, kept
-- beside each case as it is written (and filled for the cases written before, at start).

CREATE TABLE case_index (
    case_id            TEXT    PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    -- Bumped when what is indexed changes: older rows are indexed again at start.
    version            INTEGER NOT NULL,
    reference          TEXT    NOT NULL,
    -- The reference's digits alone, so «27-0153-4» and «2701534» find it.
    reference_digits   TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    -- The name folded by the shared rule (hamza and alef forms, taa marbuta, diacritics).
    name_key           TEXT    NOT NULL,
    national_id        TEXT,
    mobile             TEXT,
    status             TEXT    NOT NULL,
    -- Handed in and not finished (rejected, withdrawn, closed): where duplicates matter.
    open               INTEGER NOT NULL,
    -- Handed in: drafts are counted nowhere.
    submitted          INTEGER NOT NULL,
    point              TEXT    NOT NULL,
    channel            TEXT    NOT NULL,
    governorate        TEXT    NOT NULL,
    -- The support types asked for, as ",a,b," so one is found with LIKE '%,a,%'.
    support            TEXT    NOT NULL,
    submitted_at       TEXT,
    -- The month of handing in, in both calendars: g2026-11, h1448-05.
    g_month            TEXT,
    h_month            TEXT,
    answer_expected_on TEXT,
    -- Days from handing in to the committee's acceptance or rejection, once decided.
    decision_days      INTEGER
);
-- The list's orders, and the numbers it is searched by (prefixes, with GLOB).
CREATE INDEX case_index_submitted ON case_index (submitted, submitted_at);
CREATE INDEX case_index_name ON case_index (submitted, name_key);
CREATE INDEX case_index_answer ON case_index (answer_expected_on, status);
CREATE INDEX case_index_status ON case_index (status);
CREATE INDEX case_index_national_id ON case_index (national_id);
CREATE INDEX case_index_mobile ON case_index (mobile);
CREATE INDEX case_index_reference ON case_index (reference_digits);

-- Every national ID on an open case: the applicant's and each household member's.
CREATE TABLE case_people (
    case_id     TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    national_id TEXT    NOT NULL,
    as_member   INTEGER NOT NULL,
    PRIMARY KEY (case_id, national_id, as_member)
);
CREATE INDEX case_people_national_id ON case_people (national_id);

-- The head office's findings on pairs of open cases sharing an ID, append-only: the last
-- for a pair holds. `first_case` sorts before `second_case`.
CREATE TABLE duplicate_reviews (
    id          INTEGER PRIMARY KEY,
    first_case  TEXT    NOT NULL REFERENCES cases (id),
    second_case TEXT    NOT NULL REFERENCES cases (id),
    national_id TEXT    NOT NULL,
    verdict     TEXT    NOT NULL CHECK (verdict IN ('linked', 'not_duplicate')),
    reason      TEXT    NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    user_name   TEXT    NOT NULL,
    at          TEXT    NOT NULL
);
CREATE INDEX duplicate_reviews_pair ON duplicate_reviews (first_case, second_case, national_id);
