-- Who sees each case, by the names `Case::audiences` gives (an outreach point, the
-- applicant, the researchers, the committee; `all`, the head office's, is every case's and
-- is not stored): pulls and file reads join it, so the rule of who sees what is written
-- once, in the shared crate.
CREATE TABLE case_audiences (
    case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    PRIMARY KEY (audience, case_id)
) WITHOUT ROWID;
CREATE INDEX case_audiences_case ON case_audiences (case_id);

-- A change that took a case out of an audience's sight (a decision takes it off the
-- committee's agenda, another researcher is assigned): the devices of that audience
-- hear of it in their next pull and remove the case.
CREATE TABLE scope_exits (
    seq      INTEGER NOT NULL,
    case_id  TEXT    NOT NULL,
    audience TEXT    NOT NULL
);
CREATE INDEX scope_exits_audience_seq ON scope_exits (audience, seq);

INSERT INTO case_audiences (case_id, audience) SELECT id, 'point:' || outreach_point_id FROM cases;
INSERT INTO case_audiences (case_id, audience) SELECT id, 'user:' || created_by FROM cases;
INSERT INTO case_audiences (case_id, audience) SELECT id, 'referrals' FROM cases WHERE has_referral = 1;
INSERT INTO case_audiences (case_id, audience) SELECT id, 'committee' FROM cases WHERE status = 'at_committee';

-- Pulls no longer filter cases by point, creator or referral: these indexes would only
-- slow every write of a case.
DROP INDEX cases_point_seq;
DROP INDEX cases_creator_seq;
DROP INDEX cases_referral_seq;
