//! Field-level merge of request edits: concurrent changes to different fields both stand; two values for one field become a conflict a person resolves.
//!
//! A request is seen as a flat map of field paths to values (`applicant.first_name`,
//! `household.<member key>.name`, …). An edit carries, for each field it changed, the value
//! it saw and the value it wrote. Applied to the case as it stands on the server:
//! - the field still holds the value the editor saw → the new value stands;
//! - the field already holds the new value → nothing to do;
//! - otherwise someone else changed it meanwhile → a [`Conflict`] keeps both values, with
//!   who wrote each, when and on which device, until a person chooses.
//!
//! Nothing here does I/O; the server and the device call the same functions.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::MutationId;
use crate::people::UserRef;
use crate::request::household::MemberForm;
use crate::request::RequestForm;
use crate::validation::Field;

/// The request's fields and what each is called in validation, in form order. Member
/// fields are under `household.<key>.` with these names.
const FIELDS: &[(&str, Field)] = &[
    ("channel", Field::Channel),
    ("applicant.first_name", Field::FirstName),
    ("applicant.father_name", Field::FatherName),
    ("applicant.grandfather_name", Field::GrandfatherName),
    ("applicant.family_name", Field::FamilyName),
    ("applicant.national_id", Field::NationalId),
    ("applicant.birth_date", Field::BirthDate),
    ("applicant.gender", Field::Gender),
    ("applicant.marital_status", Field::MaritalStatus),
    ("applicant.nationality", Field::Nationality),
    ("applicant.mobile", Field::Mobile),
    ("applicant.alt_mobile", Field::AltMobile),
    ("applicant.governorate", Field::Governorate),
    ("applicant.centre", Field::Centre),
    ("applicant.address", Field::Address),
    ("applicant.location", Field::Location),
    ("income.salary", Field::IncomeSalary),
    ("income.social_security", Field::IncomeSocialSecurity),
    ("income.citizen_account", Field::IncomeCitizenAccount),
    ("income.pension", Field::IncomePension),
    ("income.other", Field::IncomeOther),
    ("income.other_source", Field::IncomeOtherSource),
    ("housing.ownership", Field::Ownership),
    ("housing.building_type", Field::BuildingType),
    ("housing.condition", Field::Condition),
    ("housing.rooms", Field::Rooms),
    ("housing.rent", Field::Rent),
    ("housing.problems", Field::Problems),
    ("support.types", Field::SupportTypes),
    ("support.description", Field::Description),
    ("support.urgency", Field::Urgency),
];

/// A household member's fields and what each is called in validation.
const MEMBER_FIELDS: &[(&str, Field)] = &[
    ("relation", Field::MemberRelation),
    ("name", Field::MemberName),
    ("national_id", Field::MemberNationalId),
    ("birth_date", Field::MemberBirthDate),
    ("health", Field::MemberHealth),
    ("occupation", Field::MemberOccupation),
];

/// The most fields one edit may change: every field of a full household and more.
pub const MAX_CHANGES: usize = 400;

/// One field an edit changed: the value the editor saw and the one they wrote. `null`
/// stands for "absent": a member not yet added, or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's path.
    pub path: String,
    /// The value the editor's device held before the change.
    #[serde(default)]
    pub from: Value,
    /// The value written.
    #[serde(default)]
    pub to: Value,
}

/// One of the values a conflicting field was given, and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The value.
    pub value: Value,
    /// Who wrote it; unknown only on a device, before the server has told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<UserRef>,
    /// When, by the writer's device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    /// The device it was written on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The change that wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutation_id: Option<MutationId>,
}

/// A field two people gave different values, kept until a person chooses one. The field
/// keeps the value that stood first, `candidates[0]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The field's path.
    pub path: String,
    /// Every value given, the standing one first.
    pub candidates: Vec<Candidate>,
}

/// What became of one changed field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldOutcome {
    /// The new value stands.
    Applied,
    /// The field held the new value already.
    Unchanged,
    /// Someone else changed the field meanwhile: both values are kept in a conflict.
    Conflict,
}

/// Why an edit cannot be merged at all: it names fields no form has, or values no form
/// could hold. Only a faulty or hostile client sends one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("malformed change")]
pub struct Malformed;

/// The request as a flat map of field paths to values. Every field of the form is
/// present; a member's fields are under its key.
pub fn fields(form: &RequestForm) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let Ok(Value::Object(top)) = serde_json::to_value(form) else {
        return out;
    };
    for (path, _) in FIELDS {
        out.insert((*path).to_owned(), lookup(&top, path));
    }
    for (i, member) in form.household.iter().enumerate() {
        let key = member_key(member, i);
        let Ok(Value::Object(m)) = serde_json::to_value(member) else {
            continue;
        };
        for (name, _) in MEMBER_FIELDS {
            let value = m.get(*name).cloned().unwrap_or(Value::Null);
            out.insert(format!("household.{key}.{name}"), value);
        }
    }
    out
}

/// A member's key: its own, or for a member added before members had keys, one made of
/// its place that sorts before any key a device makes.
fn member_key(member: &MemberForm, index: usize) -> String {
    if member.key.is_empty() {
        format!("0-{index:03}")
    } else {
        member.key.clone()
    }
}

fn lookup(top: &Map<String, Value>, path: &str) -> Value {
    let mut parts = path.split('.');
    let mut value = parts.next().and_then(|p| top.get(p));
    for part in parts {
        value = value.and_then(|v| v.get(part));
    }
    value.cloned().unwrap_or(Value::Null)
}

/// Builds the request back from its fields. Members are ordered by key (keys made later
/// sort later); a member whose every field is absent was removed.
pub fn form_from(fields: &BTreeMap<String, Value>) -> Result<RequestForm, Malformed> {
    let mut top = Map::new();
    let mut members: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for (path, value) in fields {
        if let Some((key, name)) = member_path(path) {
            let member = members.entry(key).or_default();
            if !value.is_null() {
                member.insert(name.to_owned(), value.clone());
            }
            continue;
        }
        let mut parts = path.split('.').peekable();
        let mut node = &mut top;
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                node.insert(part.to_owned(), value.clone());
                break;
            }
            node = node
                .entry(part)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .ok_or(Malformed)?;
        }
    }
    let household: Vec<Value> = members
        .into_iter()
        .filter(|(_, m)| !m.is_empty())
        .map(|(key, mut m)| {
            m.insert("key".into(), Value::String(key.to_owned()));
            Value::Object(m)
        })
        .collect();
    top.insert("household".into(), Value::Array(household));
    serde_json::from_value(Value::Object(top)).map_err(|_| Malformed)
}

/// Splits `household.<key>.<field>` into the key and the field's name.
fn member_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("household.")?;
    let (key, name) = rest.rsplit_once('.')?;
    Some((key, name))
}

/// Whether `path` names a field of the form.
fn is_known(path: &str) -> bool {
    match member_path(path) {
        Some((key, name)) => {
            MemberForm::key_is_valid(key) && MEMBER_FIELDS.iter().any(|(n, _)| *n == name)
        }
        None => FIELDS.iter().any(|(p, _)| *p == path),
    }
}

/// The fields that differ between two versions of a request: what an edit from `before`
/// to `after` changed.
pub fn changes_between(before: &RequestForm, after: &RequestForm) -> Vec<FieldChange> {
    let a = fields(before);
    let b = fields(after);
    let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter_map(|path| {
            let from = a.get(path).cloned().unwrap_or(Value::Null);
            let to = b.get(path).cloned().unwrap_or(Value::Null);
            (from != to).then(|| FieldChange {
                path: path.clone(),
                from,
                to,
            })
        })
        .collect()
}

/// Folds a later edit into an earlier one of the same request, as one edit from the first
/// one's starting values to the second one's results.
pub fn combine(earlier: &[FieldChange], later: &[FieldChange]) -> Vec<FieldChange> {
    let mut by_path: BTreeMap<String, FieldChange> = earlier
        .iter()
        .map(|c| (c.path.clone(), c.clone()))
        .collect();
    for c in later {
        by_path
            .entry(c.path.clone())
            .and_modify(|e| e.to = c.to.clone())
            .or_insert_with(|| c.clone());
    }
    by_path.into_values().filter(|c| c.from != c.to).collect()
}

/// Merges `changes`, written by `writer`, into `form` and its open `conflicts`. Returns
/// the new request and what became of each change, in order.
///
/// A field with an open conflict keeps its standing value; a new value joins the
/// conflict's candidates, so that whoever resolves it sees every value given.
pub fn merge(
    form: &RequestForm,
    conflicts: &mut Vec<Conflict>,
    changes: &[FieldChange],
    writer: &Candidate,
) -> Result<(RequestForm, Vec<FieldOutcome>), Malformed> {
    if changes.len() > MAX_CHANGES {
        return Err(Malformed);
    }
    let mut map = fields(form);
    // Every value must be one a form can hold, whether it comes to stand or only to be
    // kept in a conflict.
    let mut trial = map.clone();
    let mut seen = BTreeSet::new();
    for c in changes {
        if !is_known(&c.path) || !seen.insert(c.path.as_str()) {
            return Err(Malformed);
        }
        trial.insert(c.path.clone(), c.to.clone());
    }
    let tried = form_from(&trial)?;
    if !tried.within_limits() {
        return Err(Malformed);
    }

    // A member is removed as a whole, and a member removed meanwhile is not brought back
    // a field at a time: either meets the other side as one conflict over the member.
    let removed = removed_members(changes);
    let mut outcomes = vec![FieldOutcome::Unchanged; changes.len()];
    let mut revived: BTreeMap<&str, (Vec<usize>, Map<String, Value>)> = BTreeMap::new();
    for key in &removed {
        let at: Vec<usize> = changes
            .iter()
            .enumerate()
            .filter(|(_, c)| member_path(&c.path).is_some_and(|(k, _)| k == *key))
            .map(|(i, _)| i)
            .collect();
        let mut seen = Map::new();
        for &i in &at {
            if let Some((_, name)) = member_path(&changes[i].path) {
                seen.insert(name.to_owned(), changes[i].from.clone());
            }
        }
        let current = member_value(&map, key);
        // A member one of whose fields is contested is not removed over that contest: the
        // removal and every value given meet as one conflict over the member.
        let contested =
            has_conflict(conflicts, &member_root(key)) || has_conflict_within(conflicts, key);
        let outcome = if current.is_null() && !contested {
            FieldOutcome::Unchanged
        } else if current == member_object(seen) && !contested {
            set_member(&mut map, key, &Value::Null);
            FieldOutcome::Applied
        } else {
            fold_into_member(conflicts, key, &current, &current);
            offer(conflicts, &member_root(key), current, Value::Null, writer)
        };
        for i in at {
            outcomes[i] = outcome;
        }
    }
    for (i, c) in changes.iter().enumerate() {
        if let Some((key, name)) = member_path(&c.path) {
            if removed.contains(key) {
                continue;
            }
            if !c.from.is_null() && member_value(&map, key).is_null() {
                let entry = revived.entry(key).or_default();
                entry.0.push(i);
                entry.1.insert(name.to_owned(), c.to.clone());
                continue;
            }
        }
        let current = map.get(&c.path).cloned().unwrap_or(Value::Null);
        outcomes[i] = if has_conflict(conflicts, &c.path) {
            offer(conflicts, &c.path, current, c.to.clone(), writer)
        } else if current == c.to {
            FieldOutcome::Unchanged
        } else if current == c.from {
            map.insert(c.path.clone(), c.to.clone());
            FieldOutcome::Applied
        } else {
            offer(conflicts, &c.path, current, c.to.clone(), writer)
        };
    }
    // Edits to a member someone else removed: the member as this writer would have it,
    // against its removal.
    for (key, (at, edited)) in revived {
        let outcome = offer(
            conflicts,
            &member_root(key),
            Value::Null,
            member_object(edited),
            writer,
        );
        for i in at {
            outcomes[i] = outcome;
        }
    }
    // Most often every change comes to stand, and the form is the one already tried.
    if map == trial {
        return Ok((tried, outcomes));
    }
    Ok((form_from(&map)?, outcomes))
}

/// Keeps `value` in the conflict on `path`, opening one against `current` if none is open.
fn offer(
    conflicts: &mut Vec<Conflict>,
    path: &str,
    current: Value,
    value: Value,
    writer: &Candidate,
) -> FieldOutcome {
    let candidate = Candidate {
        value,
        ..writer.clone()
    };
    match conflicts.iter_mut().find(|k| k.path == path) {
        Some(open) if open.candidates.iter().any(|k| k.value == candidate.value) => {
            FieldOutcome::Unchanged
        }
        Some(open) => {
            open.candidates.push(candidate);
            FieldOutcome::Conflict
        }
        None => {
            conflicts.push(Conflict {
                path: path.to_owned(),
                candidates: vec![standing(current), candidate],
            });
            FieldOutcome::Conflict
        }
    }
}

fn has_conflict(conflicts: &[Conflict], path: &str) -> bool {
    conflicts.iter().any(|c| c.path == path)
}

/// Whether one of the fields of the member `key` has an open conflict.
fn has_conflict_within(conflicts: &[Conflict], key: &str) -> bool {
    let prefix = format!("{}.", member_root(key));
    conflicts.iter().any(|c| c.path.starts_with(&prefix))
}

/// Moves the open conflicts on the fields of member `key` into one conflict over the
/// whole member, opened against `stands` if none is: each value given becomes `base`
/// with that field so. A member's fields are never contested while the member is absent,
/// where nobody could see the contest or settle it without bringing the member back.
fn fold_into_member(conflicts: &mut Vec<Conflict>, key: &str, stands: &Value, base: &Value) {
    let prefix = format!("{}.", member_root(key));
    let (within, rest): (Vec<Conflict>, Vec<Conflict>) = std::mem::take(conflicts)
        .into_iter()
        .partition(|c| c.path.starts_with(&prefix));
    *conflicts = rest;
    if within.is_empty() {
        return;
    }
    let root = member_root(key);
    if !has_conflict(conflicts, &root) {
        conflicts.push(Conflict {
            path: root.clone(),
            candidates: vec![standing(stands.clone())],
        });
    }
    let Some(open) = conflicts.iter_mut().find(|c| c.path == root) else {
        return;
    };
    for field in within {
        let name = &field.path[prefix.len()..];
        for given in field.candidates.into_iter().skip(1) {
            let mut member = match base {
                Value::Object(m) => m.clone(),
                _ => Map::new(),
            };
            member.insert(name.to_owned(), given.value.clone());
            let value = member_object(member);
            if !open.candidates.iter().any(|k| k.value == value) {
                open.candidates.push(Candidate { value, ..given });
            }
        }
    }
}

/// The keys of the members `changes` removes: every field of theirs set absent.
fn removed_members(changes: &[FieldChange]) -> BTreeSet<&str> {
    let mut nulled: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes {
        if let Some((key, _)) = member_path(&c.path) {
            if c.to.is_null() {
                *nulled.entry(key).or_default() += 1;
            }
        }
    }
    nulled
        .into_iter()
        .filter(|(_, n)| *n == MEMBER_FIELDS.len())
        .map(|(k, _)| k)
        .collect()
}

/// The path of a whole member, where a conflict over its removal is kept.
fn member_root(key: &str) -> String {
    format!("household.{key}")
}

/// A member as one value: `null` when absent, else an object of every field of theirs.
fn member_value(map: &BTreeMap<String, Value>, key: &str) -> Value {
    let values: Map<String, Value> = MEMBER_FIELDS
        .iter()
        .filter_map(|(name, _)| {
            map.get(&format!("household.{key}.{name}"))
                .filter(|v| !v.is_null())
                .map(|v| ((*name).to_owned(), v.clone()))
        })
        .collect();
    if values.is_empty() {
        Value::Null
    } else {
        member_object(values)
    }
}

/// A member's object with every field, those not given empty.
fn member_object(mut given: Map<String, Value>) -> Value {
    for (name, _) in MEMBER_FIELDS {
        let v = given
            .entry(*name)
            .or_insert_with(|| Value::String(String::new()));
        if v.is_null() {
            *v = Value::String(String::new());
        }
    }
    Value::Object(given)
}

/// Sets every field of a member from `value`: `null` removes the member.
fn set_member(map: &mut BTreeMap<String, Value>, key: &str, value: &Value) {
    for (name, _) in MEMBER_FIELDS {
        let v = match value {
            Value::Null => Value::Null,
            other => other
                .get(*name)
                .cloned()
                .unwrap_or_else(|| Value::String(String::new())),
        };
        map.insert(format!("household.{key}.{name}"), v);
    }
}

/// Settles the conflict on `path` with `value`, chosen by `writer` among its candidates.
///
/// Two people may choose at once, each offline: a choice of a value the conflict does not
/// hold joins it as one more candidate, and a choice made after the conflict was settled
/// differently opens a new one. Either way nobody's choice is dropped unseen.
pub fn resolve(
    form: &RequestForm,
    conflicts: &mut Vec<Conflict>,
    path: &str,
    value: &Value,
    writer: &Candidate,
) -> Result<RequestForm, Malformed> {
    let whole_member = path
        .strip_prefix("household.")
        .filter(|key| MemberForm::key_is_valid(key));
    if !is_known(path) && whole_member.is_none() {
        return Err(Malformed);
    }
    let mut map = fields(form);
    // The value chosen must be one a form can hold, even when it is only kept.
    let mut trial = map.clone();
    match whole_member {
        Some(key) => set_member(&mut trial, key, value),
        None => {
            trial.insert(path.to_owned(), value.clone());
        }
    }
    if !form_from(&trial)?.within_limits() {
        return Err(Malformed);
    }
    let current = match whole_member {
        Some(key) => member_value(&map, key),
        None => map.get(path).cloned().unwrap_or(Value::Null),
    };
    let candidate = Candidate {
        value: value.clone(),
        ..writer.clone()
    };
    // A value chosen for a field of a member removed meanwhile does not bring the member
    // back: the member as the chooser would have it meets its removal.
    if let Some((key, name)) = member_path(path) {
        if member_value(&map, key).is_null() {
            conflicts.retain(|c| c.path != path);
            let wanted = member_object(Map::from_iter([(name.to_owned(), value.clone())]));
            offer(conflicts, &member_root(key), Value::Null, wanted, writer);
            return Ok(form.clone());
        }
    }
    match conflicts.iter().position(|c| c.path == path) {
        Some(at) if conflicts[at].candidates.iter().any(|c| &c.value == value) => {
            conflicts.remove(at);
            match whole_member {
                Some(key) => {
                    set_member(&mut map, key, value);
                    if value.is_null() {
                        // What the member's own fields were contested over stays
                        // contested, now against the member's removal.
                        fold_into_member(conflicts, key, &Value::Null, &current);
                    }
                }
                None => {
                    map.insert(path.to_owned(), value.clone());
                }
            }
        }
        Some(at) => conflicts[at].candidates.push(candidate),
        None if current == *value => {}
        None => conflicts.push(Conflict {
            path: path.to_owned(),
            candidates: vec![standing(current), candidate],
        }),
    }
    form_from(&map)
}

/// The candidate for a field's standing value; who wrote it is filled in by the server,
/// which keeps the case's history.
fn standing(value: Value) -> Candidate {
    Candidate {
        value,
        by: None,
        at: None,
        device: None,
        mutation_id: None,
    }
}

/// The value of one field of `form`, or of a whole member (`household.<key>`).
pub fn value_at(form: &RequestForm, path: &str) -> Value {
    let mut map = fields(form);
    match path.strip_prefix("household.") {
        Some(key) if !key.contains('.') => member_value(&map, key),
        _ => map.remove(path).unwrap_or(Value::Null),
    }
}

/// The validation name of the field at `path`, and the member's place for a member's
/// field: where the form shows it.
pub fn field_of(form: &RequestForm, path: &str) -> Option<(Field, Option<usize>)> {
    let member_at = |key: &str| {
        form.household
            .iter()
            .enumerate()
            .position(|(i, m)| member_key(m, i) == key)
    };
    if let Some(key) = path.strip_prefix("household.").filter(|k| !k.contains('.')) {
        return Some(match member_at(key) {
            Some(i) => (Field::MemberName, Some(i)),
            None => (Field::Household, None),
        });
    }
    if let Some((key, name)) = member_path(path) {
        let field = MEMBER_FIELDS.iter().find(|(n, _)| *n == name)?.1;
        let index = form
            .household
            .iter()
            .enumerate()
            .position(|(i, m)| member_key(m, i) == key);
        return Some((field, index));
    }
    FIELDS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, f)| (*f, None))
}

/// The path of a field as the form shows it: `field` of the member at `index`, or of the
/// applicant's part.
pub fn path_of(form: &RequestForm, field: Field, index: Option<usize>) -> Option<String> {
    if let Some(i) = index {
        let member = form.household.get(i)?;
        let name = MEMBER_FIELDS.iter().find(|(_, f)| *f == field)?.0;
        return Some(format!("household.{}.{name}", member_key(member, i)));
    }
    FIELDS
        .iter()
        .find(|(_, f)| *f == field)
        .map(|(p, _)| (*p).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::tests::complete_form;

    fn writer(id: i64) -> Candidate {
        Candidate {
            value: Value::Null,
            by: Some(UserRef {
                id,
                name: format!("user {id}"),
            }),
            at: None,
            device: Some(format!("device {id}")),
            mutation_id: None,
        }
    }

    fn change(path: &str, from: &str, to: &str) -> FieldChange {
        FieldChange {
            path: path.into(),
            from: Value::String(from.into()),
            to: Value::String(to.into()),
        }
    }

    #[test]
    fn every_field_goes_there_and_back() {
        let form = complete_form();
        let map = fields(&form);
        assert!(map.contains_key("applicant.first_name"));
        assert!(map.keys().any(|k| k.starts_with("household.")));
        let back = form_from(&map).expect("builds");
        assert_eq!(fields(&back), map);
        assert_eq!(
            back.household.len(),
            form.household.len(),
            "members survive"
        );
    }

    #[test]
    fn edits_to_different_fields_both_stand() {
        let form = complete_form();
        let mut conflicts = Vec::new();
        let a = change("applicant.centre", &form.applicant.centre, "الشقيري");
        let b = change("housing.problems", &form.housing.problems, "تسرب مياه");
        let (once, _) = merge(&form, &mut conflicts, &[a], &writer(1)).expect("merges");
        let (twice, outcomes) = merge(&once, &mut conflicts, &[b], &writer(2)).expect("merges");
        assert_eq!(outcomes, vec![FieldOutcome::Applied]);
        assert_eq!(twice.applicant.centre, "الشقيري");
        assert_eq!(twice.housing.problems, "تسرب مياه");
        assert!(conflicts.is_empty());
    }

    #[test]
    fn two_values_for_one_field_are_both_kept_until_chosen() {
        let form = complete_form();
        let old = form.applicant.centre.clone();
        let mut conflicts = Vec::new();
        let (once, _) = merge(
            &form,
            &mut conflicts,
            &[change("applicant.centre", &old, "الشقيري")],
            &writer(1),
        )
        .expect("merges");
        let (twice, outcomes) = merge(
            &once,
            &mut conflicts,
            &[change("applicant.centre", &old, "العارضة")],
            &writer(2),
        )
        .expect("merges");
        assert_eq!(outcomes, vec![FieldOutcome::Conflict]);
        assert_eq!(twice.applicant.centre, "الشقيري", "the first value stands");
        let values: Vec<_> = conflicts[0].candidates.iter().map(|c| &c.value).collect();
        assert_eq!(values, vec!["الشقيري", "العارضة"]);
        assert_eq!(
            conflicts[0].candidates[1].by.as_ref().map(|u| u.id),
            Some(2)
        );
        let chosen = resolve(
            &twice,
            &mut conflicts,
            "applicant.centre",
            &Value::String("العارضة".into()),
            &writer(3),
        )
        .expect("resolves");
        assert_eq!(chosen.applicant.centre, "العارضة");
        assert!(conflicts.is_empty());
    }

    #[test]
    fn two_different_choices_are_both_kept() {
        let form = complete_form();
        let mut conflicts = Vec::new();
        let x = Value::String("x".into());
        let y = Value::String("y".into());
        // Settled to x elsewhere already; a second person chose y from the old candidates.
        let settled =
            resolve(&form, &mut conflicts, "applicant.centre", &x, &writer(1)).expect("resolves");
        assert_eq!(conflicts.len(), 1, "x against the standing value");
        let again = resolve(&settled, &mut conflicts, "applicant.centre", &y, &writer(2))
            .expect("resolves");
        let values: Vec<_> = conflicts[0].candidates.iter().map(|c| &c.value).collect();
        assert_eq!(values.len(), 3);
        assert!(values.contains(&&y));
        assert_eq!(again, settled, "the standing value stays until chosen");
        assert_eq!(
            resolve(&form, &mut conflicts, "applicant.nope", &x, &writer(1)),
            Err(Malformed)
        );
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_refused() {
        let form = complete_form();
        let bad = [
            change("applicant.password", "", "x"),
            change("household.BAD KEY.name", "", "x"),
            FieldChange {
                path: "applicant.first_name".into(),
                from: Value::Null,
                to: Value::Bool(true),
            },
            change("support.description", "", &"x".repeat(5000)),
        ];
        for c in bad {
            assert_eq!(
                merge(&form, &mut Vec::new(), std::slice::from_ref(&c), &writer(1)).map(|_| ()),
                Err(Malformed),
                "{c:?}"
            );
        }
    }

    #[test]
    fn members_added_on_two_devices_are_both_kept() {
        let form = RequestForm::default();
        let member = |key: &str, name: &str| {
            let mut after = form.clone();
            after.household.push(MemberForm {
                key: key.into(),
                name: name.into(),
                ..MemberForm::default()
            });
            changes_between(&form, &after)
        };
        let mut conflicts = Vec::new();
        let (once, _) =
            merge(&form, &mut conflicts, &member("01a", "سارة"), &writer(1)).expect("merges");
        let (twice, _) =
            merge(&once, &mut conflicts, &member("01b", "علي"), &writer(2)).expect("merges");
        let names: Vec<_> = twice.household.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["سارة", "علي"]);
        assert!(conflicts.is_empty());
        // Removing a member is setting every one of its fields absent.
        let mut fewer = twice.clone();
        fewer.household.remove(0);
        let (removed, _) = merge(
            &twice,
            &mut conflicts,
            &changes_between(&twice, &fewer),
            &writer(1),
        )
        .expect("merges");
        assert_eq!(removed.household.len(), 1);
        assert_eq!(removed.household[0].name, "علي");
    }

    #[test]
    fn a_member_whose_field_is_contested_is_not_removed_over_the_contest() {
        let mut form = RequestForm::default();
        form.household.push(MemberForm {
            key: "01a".into(),
            name: "سارة".into(),
            ..MemberForm::default()
        });
        let mut conflicts = Vec::new();
        let rename = |to: &str| change("household.01a.name", "سارة", to);
        let (once, _) =
            merge(&form, &mut conflicts, &[rename("سارة علي")], &writer(1)).expect("merges");
        let (twice, _) =
            merge(&once, &mut conflicts, &[rename("سارة حسن")], &writer(2)).expect("merges");
        assert_eq!(conflicts[0].path, "household.01a.name");
        // A third person, seeing the member as it stands, removes it.
        let mut fewer = twice.clone();
        fewer.household.clear();
        let (kept, outcomes) = merge(
            &twice,
            &mut conflicts,
            &changes_between(&twice, &fewer),
            &writer(3),
        )
        .expect("merges");
        assert!(outcomes.iter().all(|o| *o == FieldOutcome::Conflict));
        assert_eq!(kept, twice, "the member stays until someone chooses");
        assert_eq!(conflicts.len(), 1, "one conflict over the whole member");
        assert_eq!(conflicts[0].path, "household.01a");
        let names: Vec<_> = conflicts[0]
            .candidates
            .iter()
            .map(|c| c.value.get("name").cloned().unwrap_or(Value::Null))
            .collect();
        assert_eq!(
            names,
            vec![
                Value::String("سارة علي".into()),
                Value::String("سارة حسن".into()),
                Value::Null
            ]
        );
        assert_eq!(
            conflicts[0].candidates[1].by.as_ref().map(|u| u.id),
            Some(2)
        );
        assert_eq!(
            conflicts[0].candidates[2].by.as_ref().map(|u| u.id),
            Some(3)
        );

        // Chosen removal: the member goes, and nothing else is contested.
        let gone = resolve(
            &kept,
            &mut conflicts,
            "household.01a",
            &Value::Null,
            &writer(4),
        )
        .expect("resolves");
        assert!(gone.household.is_empty());
        assert!(conflicts.is_empty());
        // A name chosen afterwards, from the old conflict, does not bring the member back
        // by itself: it meets the removal.
        let late = resolve(
            &gone,
            &mut conflicts,
            "household.01a.name",
            &Value::String("سارة حسن".into()),
            &writer(2),
        )
        .expect("resolves");
        assert!(late.household.is_empty());
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].path, "household.01a");
        assert_eq!(conflicts[0].candidates[0].value, Value::Null);
        assert_eq!(
            conflicts[0].candidates[1].value.get("name"),
            Some(&Value::String("سارة حسن".into()))
        );
    }

    #[test]
    fn removing_a_member_keeps_what_its_fields_were_contested_over() {
        let mut form = RequestForm::default();
        form.household.push(MemberForm {
            key: "01a".into(),
            name: "سارة".into(),
            ..MemberForm::default()
        });
        let mut conflicts = Vec::new();
        // Removed on one device while edited on another: a conflict over the member.
        let mut fewer = form.clone();
        fewer.household.clear();
        let (gone, _) = merge(
            &form,
            &mut conflicts,
            &changes_between(&form, &fewer),
            &writer(1),
        )
        .expect("merges");
        let (_, _) = merge(
            &gone,
            &mut conflicts,
            &[change("household.01a.occupation", "", "معلمة")],
            &writer(2),
        )
        .expect("merges");
        assert_eq!(conflicts.len(), 1);
        // Brought back as the editor had it, then two names given at once.
        let editor_had = conflicts[0].candidates[1].value.clone();
        let back = resolve(
            &gone,
            &mut conflicts,
            "household.01a",
            &editor_had,
            &writer(3),
        )
        .expect("resolves");
        assert_eq!(back.household[0].occupation, "معلمة");
        let rename = |to: &str| change("household.01a.name", "", to);
        let (one, _) = merge(&back, &mut conflicts, &[rename("سارة")], &writer(1)).expect("merges");
        let (two, _) = merge(&one, &mut conflicts, &[rename("ساره")], &writer(2)).expect("merges");
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        // Someone else removes the member by choosing among an older member conflict's
        // values: the contested names stay, against the removal.
        conflicts.push(Conflict {
            path: "household.01a".into(),
            candidates: vec![
                standing(value_at(&two, "household.01a")),
                standing(Value::Null),
            ],
        });
        let removed = resolve(
            &two,
            &mut conflicts,
            "household.01a",
            &Value::Null,
            &writer(4),
        )
        .expect("resolves");
        assert!(removed.household.is_empty());
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(conflicts[0].path, "household.01a");
        assert_eq!(conflicts[0].candidates[0].value, Value::Null);
        let other = &conflicts[0].candidates[1].value;
        assert_eq!(other.get("name"), Some(&Value::String("ساره".into())));
        assert_eq!(
            other.get("occupation"),
            Some(&Value::String("معلمة".into()))
        );
    }

    #[test]
    fn a_later_edit_folds_into_an_earlier_one() {
        let a = [change("applicant.centre", "x", "y")];
        let b = [
            change("applicant.centre", "y", "z"),
            change("housing.rooms", "1", "2"),
        ];
        let both = combine(&a, &b);
        assert_eq!(
            both,
            vec![
                change("applicant.centre", "x", "z"),
                change("housing.rooms", "1", "2")
            ]
        );
        assert!(combine(&a, &[change("applicant.centre", "y", "x")]).is_empty());
    }

    #[test]
    fn paths_name_the_fields_the_form_shows() {
        let form = complete_form();
        let path = path_of(&form, Field::MemberName, Some(0)).expect("a member");
        assert_eq!(field_of(&form, &path), Some((Field::MemberName, Some(0))));
        assert_eq!(field_of(&form, "housing.rent"), Some((Field::Rent, None)));
    }
}
