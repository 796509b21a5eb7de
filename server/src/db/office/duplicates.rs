//! Possible duplicates: one national ID on open requests at several points, or one name and birth date, and the head office's rulings on them.

use super::*;

/// One side of a pair, from the index.
async fn side(
    db: &Db,
    case_id: &str,
    as_member: bool,
) -> anyhow::Result<(DuplicateSide, Option<DateTime<Utc>>)> {
    type Side = (
        String,
        String,
        String,
        Option<DateTime<Utc>>,
        String,
        String,
        Option<String>,
    );
    let (reference, name, status, submitted_at, point_ar, point_en, applicant_id): Side = query(
        "SELECT i.reference, i.name, i.status, i.submitted_at, p.name_ar, p.name_en, \
           i.national_id \
         FROM case_index i JOIN outreach_points p ON p.id = i.point WHERE i.case_id = ?",
    )
    .bind(case_id)
    .fetch_one(db.pool())
    .await?;
    Ok((
        DuplicateSide {
            id: case_id.parse()?,
            reference,
            name,
            status: CaseStatus::from_code(&status).context("a stored status")?,
            point_ar,
            point_en,
            as_member,
            applicant_id: applicant_id.unwrap_or_default(),
        },
        submitted_at,
    ))
}

/// Every pair of open cases sharing an ID: those not reviewed first, then (with
/// `reviewed`) those the head office has found on. At most `limit` pairs.
pub async fn duplicates(db: &Db, reviewed: bool, limit: u32) -> anyhow::Result<Vec<DuplicatePair>> {
    let pairs: Vec<(String, String, bool, String, bool)> = query(format!(
        "SELECT p.national_id, p.case_id, p.as_member, o.case_id, o.as_member \
         FROM {SHARED} JOIN case_people o ON o.national_id = p.national_id AND p.case_id < o.case_id \
         WHERE c.cases > 1 {} ORDER BY {UNREVIEWED} DESC, p.national_id LIMIT ?",
        if reviewed { String::new() } else { format!("AND {UNREVIEWED}") }
    ))
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(pairs.len());
    for (national_id, a, a_member, b, b_member) in pairs {
        out.push(pair_of(db, national_id, None, (&a, a_member), (&b, b_member)).await?);
    }
    for (key, born, a, b) in by_name(db, reviewed, limit).await? {
        let name = side(db, &a, false).await?.0.name;
        let same = SamePerson { name, born };
        out.push(pair_of(db, key, Some(same), (&a, false), (&b, false)).await?);
    }
    // Those waiting for a finding first, whatever they share.
    out.sort_by_key(|p| p.review.is_some());
    out.truncate(limit as usize);
    Ok(out)
}

/// The pairs of open requests whose applicants have one folded four-part name and birth
/// date under different national IDs: each pair's review key, the date, and the two cases.
async fn by_name(
    db: &Db,
    reviewed: bool,
    limit: u32,
) -> anyhow::Result<Vec<(String, NaiveDate, String, String)>> {
    // The key is made the same way in SQL as `DuplicatePair::by_name_key` makes it.
    let key = format!(
        "'{}' || n.name_key || ':' || CAST(n.born AS TEXT)",
        DuplicatePair::BY_NAME
    );
    let unreviewed = format!(
        "NOT EXISTS (SELECT 1 FROM duplicate_reviews r WHERE r.first_case = n.case_id \
           AND r.second_case = o.case_id AND r.national_id = {key})"
    );
    let rows: Vec<(String, NaiveDate, String, String)> = query(format!(
        "SELECT {key}, n.born, n.case_id, o.case_id FROM case_names n \
         JOIN case_names o ON o.name_key = n.name_key AND o.born = n.born \
           AND n.case_id < o.case_id AND o.national_id <> n.national_id \
         WHERE (n.name_key, n.born) IN (SELECT name_key, born FROM name_counts \
           WHERE cases > 1) {} \
         ORDER BY {unreviewed} DESC, n.name_key LIMIT ?",
        if reviewed {
            String::new()
        } else {
            format!("AND {unreviewed}")
        }
    ))
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

/// A pair of the cases `a` and `b` (each with whether the shared ID is a member's) sharing
/// `key`, the earlier handed in first, with its latest finding.
async fn pair_of(
    db: &Db,
    key: String,
    same_person: Option<SamePerson>,
    (a, a_member): (&str, bool),
    (b, b_member): (&str, bool),
) -> anyhow::Result<DuplicatePair> {
    let (first, first_at) = side(db, a, a_member).await?;
    let (second, second_at) = side(db, b, b_member).await?;
    let review = last_review(db, a, b, &key).await?;
    let (first, second) = if second_at < first_at {
        (second, first)
    } else {
        (first, second)
    };
    Ok(DuplicatePair {
        national_id: key,
        same_person,
        first,
        second,
        review,
    })
}

/// The ordered key of a pair.
fn pair(a: CaseId, b: CaseId) -> (String, String) {
    let (a, b) = (a.to_string(), b.to_string());
    if a < b {
        (a, b)
    } else {
        (b, a)
    }
}

async fn last_review(
    db: &Db,
    a: &str,
    b: &str,
    national_id: &str,
) -> anyhow::Result<Option<DuplicateReview>> {
    let (first, second) = if a < b { (a, b) } else { (b, a) };
    let found: Option<(String, String, i64, String, DateTime<Utc>)> = query(
        "SELECT verdict, reason, user_id, user_name, at FROM duplicate_reviews \
         WHERE first_case = ? AND second_case = ? AND national_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(first)
    .bind(second)
    .bind(national_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.and_then(|(verdict, reason, id, name, at)| {
        Some(DuplicateReview {
            verdict: DuplicateVerdict::from_code(&verdict)?,
            reason,
            by: UserRef { id, name },
            at,
        })
    }))
}

/// Records the head office's finding on a pair; `false` when the two cases do not both
/// carry the ID on open cases now.
pub async fn review(
    db: &Db,
    a: CaseId,
    b: CaseId,
    national_id: &str,
    review: &DuplicateReview,
) -> anyhow::Result<bool> {
    let (first, second) = pair(a, b);
    let mut w = db.write().await?;
    // A pair found by name is named by its key, which both must still carry.
    let carriers = if national_id.starts_with(DuplicatePair::BY_NAME) {
        format!(
            "SELECT COUNT(DISTINCT case_id) FROM case_names \
             WHERE '{}' || name_key || ':' || CAST(born AS TEXT) = ? AND case_id IN (?, ?)",
            DuplicatePair::BY_NAME
        )
    } else {
        "SELECT COUNT(DISTINCT case_id) FROM case_people WHERE national_id = ? AND case_id IN (?, ?)"
            .to_owned()
    };
    let shared: i64 = query(carriers)
        .bind(national_id)
        .bind(&first)
        .bind(&second)
        .scalar(&mut w.tx)
        .await?;
    if shared != 2 || first == second {
        return Ok(false);
    }
    query(
        "INSERT INTO duplicate_reviews (first_case, second_case, national_id, verdict, reason, \
           user_id, user_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&first)
    .bind(&second)
    .bind(national_id)
    .bind(review.verdict.code())
    .bind(&review.reason)
    .bind(review.by.id)
    .bind(&review.by.name)
    .bind(review.at)
    .execute(&mut w.tx)
    .await?;
    w.commit().await?;
    Ok(true)
}

/// The open cases, other than `except`, carrying any of `ids`; each names its case only
/// when `actor` sees it.
pub async fn hits(
    db: &Db,
    actor: &Actor,
    ids: &[NationalId],
    except: Option<CaseId>,
) -> anyhow::Result<Vec<DuplicateHit>> {
    let except = except.map(|c| c.to_string()).unwrap_or_default();
    let scope = Scope::of(db, actor).await?;
    let mut out = Vec::new();
    for id in ids {
        let mut q = query(format!(
            "SELECT c.as_member, i.reference, c.case_id, {} AS seen, i.status, p.name_ar, \
               p.name_en \
             FROM case_people c JOIN case_index i ON i.case_id = c.case_id \
             JOIN outreach_points p ON p.id = i.point \
             WHERE c.national_id = ? AND c.case_id <> ? ORDER BY i.submitted_at",
            scope.sees("c.case_id")
        ));
        scope.add_to(&mut q);
        q.add(id.to_string()).add(except.clone());
        let found: Vec<(bool, String, String, bool, String, String, String)> =
            q.fetch_all(db.pool()).await?;
        for (as_member, reference, case_id, seen, status, point_ar, point_en) in found {
            out.push(DuplicateHit {
                national_id: id.to_string(),
                as_member,
                reference,
                case_id: if seen {
                    Some(case_id.parse().context("a stored case id")?)
                } else {
                    None
                },
                status: CaseStatus::from_code(&status).context("a stored status")?,
                point_ar,
                point_en,
            });
        }
    }
    Ok(out)
}
