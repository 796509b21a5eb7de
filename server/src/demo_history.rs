//! A year of demo requests at both demo outreach points, made as people would have made
//! them (taken, documented, signed, handed in, studied, decided, registered, served), so
//! the head office's dashboard shows months, channels and times to a decision that mean
//! something. Deterministic: the same requests every time, written once.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use shared::case::UserRef;
use shared::dates::saudi_date;
use shared::life::mutation::{Context, Mutation, Op};
use shared::life::workflow::{DecisionInput, ServiceInput, VisitInput};
use shared::people::Actor;
use shared::request::income::IncomeForm;
use shared::sync::Outcome;
use shared::{
    CaseId, CaseStatus, Channel, MutationId, NationalId, Reference, RequestForm, ServiceId,
    Vocabulary,
};

use crate::blobs::Blobs;
use crate::db::{cases, devices, users, Db};
use crate::sample::Sample;
use crate::service::push::{self, Messages};

const FIRST: [&str; 14] = [
    "محمد",
    "أحمد",
    "فاطمة",
    "عائشة",
    "إبراهيم",
    "علي",
    "مريم",
    "حسن",
    "نورة",
    "يحيى",
    "خديجة",
    "عبد الله",
    "حليمة",
    "موسى",
];
/// Family names common in the Jazan region, for made-up people (the demo's, the
/// benchmarks').
pub const FAMILY: [&str; 10] = [
    "الحكمي",
    "المدخلي",
    "الفيفي",
    "العطاس",
    "الحازمي",
    "النعمي",
    "الشهري",
    "القحطاني",
    "الزهراني",
    "العريشي",
];
/// Each point's governorates, its own first.
const POINTS: [(&str, &str, &[&str]); 2] = [
    (
        "officer.sabya",
        "sabya",
        &["sabya", "sabya", "ad_darb", "baish", "ad_dayer"],
    ),
    (
        "officer.abuarish",
        "abu_arish",
        &[
            "abu_arish",
            "abu_arish",
            "samtah",
            "al_aridhah",
            "ahad_al_masarihah",
        ],
    ),
];
const SUPPORT: [&[&str]; 6] = [
    &["restoration"],
    &["furnishing"],
    &["rent_payment"],
    &["build"],
    &["complete_construction"],
    &["restoration", "furnishing"],
];

/// A small seeded generator (SplitMix64): the same demo every time, no dependency.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

/// The committee's meeting a decision recorded at `at` was taken in: it meets weekly, on
/// Tuesdays, numbered from its first meeting.
fn meeting_of(at: DateTime<Utc>) -> (u32, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(2025, 1, 7).expect("a valid day");
    let weeks = (saudi_date(at) - first).num_days().div_euclid(7).max(0);
    (weeks as u32 + 1, first + Duration::days(weeks * 7))
}

/// A valid national ID made from a number (the demo's and the benchmark's people).
pub fn national_id(n: u64) -> String {
    let nine = format!("1{:08}", n % 100_000_000);
    (0..=9)
        .map(|d| format!("{nine}{d}"))
        .find(|s| NationalId::parse(s).is_ok())
        .unwrap_or_default()
}

fn request(dice: &mut Dice, i: u64, governorates: &[&str]) -> RequestForm {
    let family = *dice.pick(&FAMILY);
    let mut members = Vec::new();
    for k in 0..dice.below(4) {
        let name = format!("{} {family}", dice.pick(&FIRST));
        // One household in thirty names a member who applied on their own: the head
        // office's duplicates list has something to review.
        let national_id = if i % 30 == 7 && k == 0 {
            national_id(7_000_000 + i - 1)
        } else if k == 0 {
            national_id(8_000_000 + i)
        } else {
            String::new()
        };
        let born = format!("{}-03-1{}", 1975 + dice.below(30), dice.below(9));
        members.push((
            if k == 0 { "spouse" } else { "son" },
            name,
            national_id,
            born,
        ));
    }
    // Drawn in the order the demo always drew them, so its requests stay as they were.
    let channel = dice.pick(Channel::ALL).code();
    let mut names = [
        *dice.pick(&FIRST),
        *dice.pick(&FIRST),
        *dice.pick(&FIRST),
        family,
    ];
    let mut born = format!(
        "{}-0{}-1{}",
        1955 + dice.below(40),
        1 + dice.below(9),
        dice.below(9)
    );
    let mobile = format!("05{:08}", dice.next() % 100_000_000);
    let governorate = *dice.pick(governorates);
    // Two requests in a hundred are one man's, written two ways, under two IDs at the two
    // points: the duplicates list has a pair found by name and birth date too.
    if (97..=98).contains(&(i % 100)) {
        let spelled = if i.is_multiple_of(2) {
            ["يحيى", "المدخلي"]
        } else {
            ["يحيي", "المدخلى"]
        };
        names = [spelled[0], "حسن", "علي", spelled[1]];
        born = format!("1961-05-1{}", i / 100);
    }
    let income = IncomeForm {
        social_security: format!("{}", 800 + dice.below(20) * 100),
        ..IncomeForm::default()
    };
    let support: Vec<&str> = dice.pick(&SUPPORT).to_vec();
    // Most needs can wait their turn; some cannot, and a few put the family at risk.
    let urgency = match dice.below(10) {
        0 => "critical",
        1..=2 => "urgent",
        _ => "normal",
    };
    let mut sample = Sample::of(&national_id(7_000_000 + i))
        .channel(channel)
        .named(names)
        .born(&born)
        .mobile(&mobile)
        .home(governorate, "القرية", "بجوار المسجد")
        .income(income)
        .support(&support, "دعم المسكن", urgency);
    for (relation, name, id, born) in &members {
        sample = sample.member(relation, name, id, born, ("none", "neither"));
    }
    sample.form()
}

/// The users the history is made by.
struct Staff {
    researcher: Actor,
    committee: Actor,
}

async fn actor(db: &Db, username: &str) -> anyhow::Result<Actor> {
    users::by_username(db.pool(), username)
        .await?
        .and_then(|u| u.me())
        .map(|me| me.actor())
        .ok_or_else(|| anyhow::anyhow!("the demo user {username} is missing"))
}

/// Pushes the history's changes, each with its own id.
struct Writer<'a> {
    db: &'a Db,
    answer_days: u32,
    seq: u64,
}

impl Writer<'_> {
    /// Applies `ops` to the case as `who` at `at`, as one push.
    async fn push(
        &mut self,
        who: &Actor,
        device: &str,
        case_id: CaseId,
        ops: Vec<Op>,
        at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let rules = Context {
            now: at,
            answer_days: self.answer_days,
        };
        let mut batch = Vec::with_capacity(ops.len());
        for op in ops {
            self.seq += 1;
            batch.push(Mutation {
                mutation_id: MutationId::new_v7(1_765_000_000_000 + self.seq, [0x5A; 10]),
                case_id,
                base_revision: 0,
                created_at: at,
                op,
            });
        }
        let results = push::push(self.db, who, device, batch, &rules, Messages::Skip).await?;
        if let Some(refused) = results
            .results
            .iter()
            .find(|r| !matches!(r.outcome, Outcome::Applied { .. } | Outcome::Merged { .. }))
        {
            anyhow::bail!("a demo history request was refused: {refused:?}");
        }
        Ok(())
    }
}

/// Writes `count` requests handed in over the last year, unless they are there already.
pub async fn write(db: &Db, blobs: &Blobs, answer_days: u32, count: u64) -> anyhow::Result<()> {
    let first = CaseId::new_v7(1_765_000_000_000, [0xA5; 10]);
    if count == 0 || cases::current(db, first).await?.is_some() {
        return Ok(());
    }
    let staff = Staff {
        researcher: actor(db, "researcher").await?,
        committee: actor(db, "committee").await?,
    };
    let researcher = UserRef {
        id: staff.researcher.user.id,
        name: staff.researcher.user.name.clone(),
    };
    let mut dice = Dice(2026);
    let mut w = Writer {
        db,
        answer_days,
        seq: 0,
    };
    let now = Utc::now();
    for i in 0..count {
        let (username, _, governorates) = POINTS[(i % 2) as usize];
        let officer = actor(db, username).await?;
        let device_id = format!("demo-history-{username}");
        let device = devices::number_for(db, &device_id, officer.user.id).await?;
        let case_id = if i == 0 {
            first
        } else {
            CaseId::new_v7(1_765_000_000_000 + i, [0xA5; 10])
        };
        let reference = Reference::new(device, 100 + i as u32)
            .ok_or_else(|| anyhow::anyhow!("reference out of range"))?;
        let form = request(&mut dice, i, governorates);
        // Spread over the last year, more in recent months.
        let age_days = (dice.below(365) * dice.below(365)) / 365 + 1;
        let handed_in =
            now - Duration::days(age_days as i64) - Duration::minutes(dice.below(600) as i64);
        let mut ops = vec![Op::Create {
            reference,
            request: form.clone(),
        }];
        ops.extend(crate::seed::handing_in(db, blobs, &form, officer.user.id).await?);
        w.push(&officer, &device_id, case_id, ops, handed_in)
            .await?;

        // How far it got: the older, the further; some are still waiting, a few are late.
        let roll = dice.below(100);
        let studied = age_days > 5 && roll < 85;
        if !studied {
            continue;
        }
        let visit_at = handed_in + Duration::days(1 + dice.below(4) as i64);
        w.push(
            &officer,
            &device_id,
            case_id,
            vec![Op::AssignResearcher {
                researcher: researcher.clone(),
            }],
            handed_in + Duration::hours(2),
        )
        .await?;
        let visit = Op::ReportVisit {
            visit: VisitInput {
                visited_on: saudi_date(visit_at).to_string(),
                findings: "زار الباحث المسكن ووثّق حالته".into(),
                recommendation: if roll < 70 { "support" } else { "decline" }.into(),
                ..VisitInput::default()
            },
        };
        w.push(
            &staff.researcher,
            "demo-history-researcher",
            case_id,
            vec![
                visit,
                Op::Transition {
                    to: CaseStatus::AtCommittee,
                },
            ],
            visit_at,
        )
        .await?;
        let decided_at = handed_in + Duration::days(3 + dice.below(28) as i64);
        if decided_at > now || roll >= 80 {
            continue;
        }
        let accept = roll < 62;
        let meeting = meeting_of(decided_at);
        let decision = Op::Decide {
            decision: DecisionInput {
                verdict: if accept { "accept" } else { "reject" }.into(),
                reasons: if accept {
                    vec![]
                } else {
                    vec!["income_above_limit".into()]
                },
                note: if accept {
                    String::new()
                } else {
                    "الدخل أعلى من حد الاستحقاق".into()
                },
                meeting_number: meeting.0.to_string(),
                meeting_date: meeting.1.to_string(),
            },
        };
        w.push(
            &staff.committee,
            "demo-history-committee",
            case_id,
            vec![decision],
            decided_at,
        )
        .await?;
        let served_at = decided_at + Duration::days(5 + dice.below(20) as i64);
        if !accept || served_at > now {
            continue;
        }
        let mut follow = vec![Op::Register];
        follow.push(Op::DeliverService {
            service_id: ServiceId::new_v7(1_765_000_000_000 + i, [0x3C; 10]),
            service: ServiceInput {
                kind: form.support.types[0].clone(),
                delivered_on: saudi_date(served_at).to_string(),
                amount: format!("{}", 2000 + dice.below(30) * 500),
                supplier: "مؤسسة الإعمار".into(),
                notes: String::new(),
            },
        });
        if dice.below(2) == 0 {
            follow.push(Op::Transition {
                to: CaseStatus::Closed,
            });
        }
        w.push(&officer, &device_id, case_id, follow, served_at)
            .await?;
    }
    Ok(())
}
