//! Property tests of sync: for any interleaving of two or three devices' offline edits to one case, every replica ends equal to the server and no edit disappears.
//!
//! The server and the devices are modelled with the functions both really call: `apply`
//! for every mutation, the outbox laid on top of each pull, idempotent pushes by mutation
//! id (a push whose reply was lost is sent again), and `outcome_of` for the reply.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use serde_json::Value;
use shared::case::{OutreachPoint, UserRef};
use shared::life::apply;
use shared::life::merge::{self, FieldChange};
use shared::life::mutation::{Context, Mutation, Op, Rejection};
use shared::people::Actor;
use shared::request::household::MemberForm;
use shared::sync::{outcome_of, Outcome};
use shared::{Case, CaseId, MutationId, Reference, RequestForm, Role};

/// Text fields edited, few so that devices collide often.
const PATHS: [&str; 3] = ["applicant.centre", "applicant.address", "housing.problems"];
/// Values written, few so that two devices sometimes write the same one.
const VALUES: [&str; 3] = ["أ", "ب", "ج"];

#[derive(Clone, Debug)]
enum Action {
    /// A device sets a field.
    Edit {
        device: usize,
        path: usize,
        value: usize,
    },
    /// A device adds a household member.
    AddMember { device: usize, name: usize },
    /// A device removes its first household member.
    RemoveMember { device: usize },
    /// A device renames its last household member.
    RenameMember { device: usize, name: usize },
    /// A device chooses one of the values of its first open conflict.
    Resolve { device: usize, pick: usize },
    /// A device throws the draft away.
    Discard { device: usize },
    /// A device pushes its outbox; when `lost`, the server applies it but the reply never
    /// arrives, so the outbox is kept and sent again later.
    Push { device: usize, lost: bool },
    /// A device pulls.
    Pull { device: usize },
}

fn action(devices: usize) -> impl Strategy<Value = Action> {
    let d = 0..devices;
    prop_oneof![
        4 => (d.clone(), 0..PATHS.len(), 0..VALUES.len())
            .prop_map(|(device, path, value)| Action::Edit { device, path, value }),
        1 => (d.clone(), 0..VALUES.len()).prop_map(|(device, name)| Action::AddMember { device, name }),
        1 => d.clone().prop_map(|device| Action::RemoveMember { device }),
        1 => (d.clone(), 0..VALUES.len()).prop_map(|(device, name)| Action::RenameMember { device, name }),
        1 => (d.clone(), 0..4usize).prop_map(|(device, pick)| Action::Resolve { device, pick }),
        2 => (d.clone(), any::<bool>()).prop_map(|(device, lost)| Action::Push { device, lost }),
        2 => d.clone().prop_map(|device| Action::Pull { device }),
        1 => d.prop_map(|device| Action::Discard { device }),
    ]
}

fn officer(id: i64) -> Actor {
    Actor {
        user: UserRef {
            id,
            name: format!("officer {id}"),
        },
        role: Role::Officer,
        outreach_point: Some(OutreachPoint {
            id: "sabya".into(),
            name_ar: "صبيا".into(),
            name_en: "Sabya".into(),
        }),
    }
}

fn ctx(now: DateTime<Utc>) -> Context {
    Context {
        now,
        answer_days: Context::DEFAULT_ANSWER_DAYS,
    }
}

/// The server: the case, every revision of it with the mutation that made it, and the
/// outcome of every mutation id seen.
struct Server {
    case: Case,
    revisions: Vec<(Case, Option<Mutation>)>,
    outcomes: HashMap<MutationId, Outcome>,
}

impl Server {
    fn push(&mut self, m: &Mutation, actor: &Actor, now: DateTime<Utc>) -> Outcome {
        if let Some(seen) = self.outcomes.get(&m.mutation_id) {
            return seen.clone();
        }
        let outcome = match apply(Some(&self.case), m, actor, &ctx(now)) {
            Ok(mut next) => {
                next.revision = self.case.revision + 1;
                // Revision r is `revisions[r - 1]`; a mutation's device is in its id.
                let elsewhere = self.revisions[m.base_revision as usize..]
                    .iter()
                    .any(|(_, by)| by.as_ref().is_some_and(|b| device_of(b) != device_of(m)));
                let outcome = outcome_of(&next, m, elsewhere);
                self.revisions.push((next.clone(), Some(m.clone())));
                self.case = next;
                outcome
            }
            Err(rejection) => Outcome::Rejected { rejection },
        };
        self.outcomes.insert(m.mutation_id, outcome.clone());
        outcome
    }
}

/// The device a mutation was made on, written into its id by `World::make`.
fn device_of(m: &Mutation) -> u8 {
    m.mutation_id.as_uuid().as_bytes()[15]
}

struct Device {
    actor: Actor,
    replica: Case,
    outbox: Vec<Mutation>,
}

struct World {
    server: Server,
    devices: Vec<Device>,
    clock: DateTime<Utc>,
    made: u64,
}

impl World {
    fn new(devices: usize) -> Self {
        let clock: DateTime<Utc> = "2026-11-25T08:00:00Z".parse().expect("a time");
        let creator = officer(1);
        let create = Mutation {
            mutation_id: MutationId::new_v7(0, [0; 10]),
            case_id: CaseId::new_v7(0, [1; 10]),
            base_revision: 0,
            created_at: clock,
            op: Op::Create {
                reference: Reference::new(1, 1).expect("in range"),
                request: RequestForm::default(),
            },
        };
        let mut case = apply(None, &create, &creator, &ctx(clock)).expect("created");
        case.revision = 1;
        Self {
            server: Server {
                case: case.clone(),
                revisions: vec![(case.clone(), None)],
                outcomes: HashMap::new(),
            },
            devices: (0..devices)
                .map(|i| Device {
                    actor: officer(i as i64 + 1),
                    replica: case.clone(),
                    outbox: Vec::new(),
                })
                .collect(),
            clock,
            made: 0,
        }
    }

    fn tick(&mut self) -> DateTime<Utc> {
        self.clock += Duration::seconds(7);
        self.clock
    }

    /// Makes a change on device `d` as the app does: applied to the replica at once and
    /// queued in the outbox.
    fn make(&mut self, d: usize, op: Op) {
        self.made += 1;
        let now = self.tick();
        let device = &mut self.devices[d];
        let m = Mutation {
            mutation_id: MutationId::new_v7(self.made, [d as u8; 10]),
            case_id: device.replica.id,
            base_revision: device.replica.revision,
            created_at: now,
            op,
        };
        // A change the device itself refuses (throwing away a draft twice) is never made.
        if let Ok(next) = apply(Some(&device.replica), &m, &device.actor, &ctx(now)) {
            device.replica = next;
            device.outbox.push(m);
        }
    }

    fn edit_form(&mut self, d: usize, edit: impl FnOnce(&mut RequestForm)) {
        let before = self.devices[d].replica.request.clone();
        let mut after = before.clone();
        edit(&mut after);
        let changes = merge::changes_between(&before, &after);
        if !changes.is_empty() {
            self.make(d, Op::Change { changes });
        }
    }

    fn push(&mut self, d: usize, lost: bool) {
        let now = self.tick();
        let device = &mut self.devices[d];
        for m in &device.outbox {
            let outcome = self.server.push(m, &device.actor, now);
            // Only throwing away a draft that changed meanwhile is refused.
            let expected = matches!(
                (&m.op, &outcome),
                (
                    Op::Discard,
                    Outcome::Rejected {
                        rejection: Rejection::ChangedMeanwhile | Rejection::NotFound
                    }
                )
            );
            assert!(
                expected || !matches!(outcome, Outcome::Rejected { .. }),
                "{m:?} refused: {outcome:?}"
            );
        }
        if !lost {
            device.outbox.clear();
        }
    }

    /// The server's case with the unsent outbox laid on top, as the app's pull does.
    fn pull(&mut self, d: usize) {
        let device = &mut self.devices[d];
        device.replica = device
            .outbox
            .iter()
            .fold(self.server.case.clone(), |case, m| {
                apply(Some(&case), m, &device.actor, &ctx(m.created_at)).unwrap_or(case)
            });
    }

    fn run(&mut self, action: &Action) {
        match *action {
            Action::Edit {
                device,
                path,
                value,
            } => self.edit_form(device, |f| {
                let v = VALUES[value].to_owned();
                match path {
                    0 => f.applicant.centre = v,
                    1 => f.applicant.address = v,
                    _ => f.housing.problems = v,
                }
            }),
            Action::AddMember { device, name } => {
                let key = format!("k{}-{device}", self.made);
                self.edit_form(device, |f| {
                    f.household.push(MemberForm {
                        key,
                        name: VALUES[name].into(),
                        ..MemberForm::default()
                    })
                })
            }
            Action::RemoveMember { device } => self.edit_form(device, |f| {
                if !f.household.is_empty() {
                    f.household.remove(0);
                }
            }),
            Action::RenameMember { device, name } => self.edit_form(device, |f| {
                if let Some(m) = f.household.last_mut() {
                    m.name = VALUES[name].into();
                }
            }),
            Action::Resolve { device, pick } => {
                let Some(conflict) = self.devices[device].replica.conflicts.first().cloned() else {
                    return;
                };
                let value = conflict.candidates[pick % conflict.candidates.len()]
                    .value
                    .clone();
                self.make(
                    device,
                    Op::Resolve {
                        path: conflict.path,
                        value,
                    },
                );
            }
            Action::Discard { device } => self.make(device, Op::Discard),
            Action::Push { device, lost } => self.push(device, lost),
            Action::Pull { device } => self.pull(device),
        }
    }

    /// Everyone comes online in turn, twice: the second round brings each device what
    /// the others sent in the first.
    fn settle(&mut self) {
        for _ in 0..2 {
            for d in 0..self.devices.len() {
                self.push(d, false);
                self.pull(d);
            }
        }
    }

    fn check(&self) {
        for (i, device) in self.devices.iter().enumerate() {
            assert_eq!(device.replica, self.server.case, "device {i} differs");
        }
        let final_conflicts = &self.server.case.conflicts;
        for window in self.server.revisions.windows(2) {
            let [(before, _), (after, Some(m))] = window else {
                panic!("every revision after the first has its mutation");
            };
            let b = merge::fields(&before.request);
            let a = merge::fields(&after.request);
            // Nobody overwrote a value they had not seen: a field changes only by a change
            // made from its standing value, or by someone choosing among given values.
            for (path, value) in &a {
                let was = b.get(path).cloned().unwrap_or(Value::Null);
                if &was == value {
                    continue;
                }
                match &m.op {
                    Op::Change { changes } => assert!(
                        changes
                            .iter()
                            .any(|c| &c.path == path && c.from == was && &c.to == value),
                        "{path} overwritten unseen by {m:?}"
                    ),
                    Op::Resolve { path: p, value: v } => {
                        // A whole member chosen sets each of its fields.
                        let given = if p == path {
                            Some(v.clone())
                        } else {
                            path.strip_prefix(&format!("{p}."))
                                .map(|name| v.get(name).cloned().unwrap_or(Value::Null))
                        };
                        assert_eq!(
                            given.as_ref(),
                            Some(value),
                            "{path} changed by a choice elsewhere"
                        );
                        let open = before.conflicts.iter().find(|c| &c.path == p);
                        assert!(
                            open.is_some_and(|c| c.candidates.iter().any(|k| &k.value == v)),
                            "{p} set to a value nobody gave"
                        );
                    }
                    other => panic!("{path} changed by {other:?}"),
                }
            }
            // Every change either stands or is kept in a conflict, until a person chooses.
            if let Op::Change { changes } = &m.op {
                for FieldChange { path, to, .. } in changes {
                    let stands = a.get(path).unwrap_or(&Value::Null) == to;
                    // Kept on the field, or on its whole member: removed (null) or as the
                    // writer would have it.
                    let holds =
                        |c: &&shared::life::merge::Conflict, k: &shared::life::merge::Candidate| {
                            if &c.path == path {
                                return &k.value == to;
                            }
                            match path.strip_prefix(&format!("{}.", c.path)) {
                                Some(_) if k.value.is_null() => to.is_null(),
                                Some(name) => k.value.get(name) == Some(to),
                                None => false,
                            }
                        };
                    let kept_in = |case: &Case| {
                        case.conflicts
                            .iter()
                            .find(|c| {
                                // The same value given twice is kept once.
                                c.candidates.iter().any(|k| holds(c, k))
                            })
                            .map(|c| c.path.clone())
                    };
                    let kept = kept_in(after);
                    assert!(stands || kept.is_some(), "{path} = {to} vanished");
                    if let Some(p) = kept {
                        // Still kept at the end, on the field or moved to its whole member.
                        let still = final_conflicts
                            .iter()
                            .any(|c| c.candidates.iter().any(|k| holds(&c, k)));
                        if !still {
                            assert!(
                                self.chosen_after(m, &p),
                                "{path} = {to} left its conflict with nobody choosing"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Whether someone chose a value for `path`, or for the whole member it is a field of,
    /// after `m` was applied.
    fn chosen_after(&self, m: &Mutation, path: &str) -> bool {
        let covers =
            |p: &str| p == path || path.strip_prefix(p).is_some_and(|r| r.starts_with('.'));
        self.server
            .revisions
            .iter()
            .skip_while(|(_, by)| by.as_ref() != Some(m))
            .any(|(_, by)| matches!(by, Some(Mutation { op: Op::Resolve { path: p, .. }, .. }) if covers(p)))
    }
}

fn scenario() -> impl Strategy<Value = (usize, Vec<Action>)> {
    (2..=3usize)
        .prop_flat_map(|devices| (Just(devices), prop::collection::vec(action(devices), 1..60)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn replicas_converge_and_no_edit_disappears((devices, actions) in scenario()) {
        let mut world = World::new(devices);
        for a in &actions {
            world.run(a);
        }
        world.settle();
        world.check();
    }
}
