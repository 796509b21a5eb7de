-- Who sees each case, kept beside it, and the cases that left someone's sight.
CREATE TABLE case_audiences (
    case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    PRIMARY KEY (audience, case_id)
);
CREATE INDEX case_audiences_case ON case_audiences (case_id);

CREATE TABLE scope_exits (
    seq      BIGINT NOT NULL,
    case_id  TEXT   NOT NULL,
    audience TEXT   NOT NULL
);
CREATE INDEX scope_exits_audience_seq ON scope_exits (audience, seq);

INSERT INTO case_audiences (case_id, audience) SELECT id, 'point:' || outreach_point_id FROM cases;
INSERT INTO case_audiences (case_id, audience) SELECT id, 'user:' || created_by FROM cases;
INSERT INTO case_audiences (case_id, audience) SELECT id, 'referrals' FROM cases WHERE has_referral;
INSERT INTO case_audiences (case_id, audience) SELECT id, 'committee' FROM cases WHERE status = 'at_committee';
