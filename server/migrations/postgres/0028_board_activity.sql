-- The board's report reads only the requests that something it counts happened to in its
-- period: the Saudi days of each request's counted events (see `Board::days_of`), kept
-- with the head office's index. Filled for the requests already held when the index is
-- written again at start (its version rises with this migration).

CREATE TABLE board_activity (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    day     DATE NOT NULL,
    PRIMARY KEY (case_id, day)
);
CREATE INDEX board_activity_day ON board_activity (day, case_id);
