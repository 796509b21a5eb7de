//! The consolidated list: every outreach point's requests, searched, filtered, sorted and paged.

use super::*;

/// The `WHERE` of the consolidated list for `q`, on `today`.
pub(super) fn push_where(b: &mut Query, engine: Engine, q: &CaseQuery, today: NaiveDate) {
    b.push(" WHERE i.submitted = TRUE");
    if let Some(s) = q.status {
        b.push(" AND i.status = ").push_bind(s.code());
    }
    if let Some(c) = q.channel {
        b.push(" AND i.channel = ").push_bind(c.code());
    }
    if let Some(g) = q.governorate {
        b.push(" AND i.governorate = ").push_bind(g.code());
    }
    if let Some(p) = &q.point {
        b.push(" AND i.point = ").push_bind(p.clone());
    }
    if let Some(s) = q.support {
        b.push(" AND i.support LIKE ")
            .push_bind(format!("%,{},%", s.code()));
    }
    if q.overdue {
        b.push(format!(
            " AND i.status IN ({}) AND i.answer_expected_on < ",
            awaiting()
        ))
        .push_bind(today);
    }
    if let Some(m) = q.month {
        let column = month_column(m.calendar);
        b.push(format!(" AND i.{column} = "))
            .push_bind(m.to_string());
    }
    if q.duplicates {
        b.push(format!(" AND i.open = TRUE AND {}", flagged_set()));
    }
    let typed: String = q.q.chars().take(CaseQuery::Q_MAX).collect();
    match SearchTerm::parse(&typed) {
        SearchTerm::Nothing => {}
        // Digits are looked up by prefix, which the indexes answer.
        SearchTerm::Number(digits) => {
            let mobile = if digits.starts_with('5') {
                format!("0{digits}")
            } else {
                digits.clone()
            };
            let (national_id, a) = engine.starts_with("i.national_id", &digits);
            let (mobile, m) = engine.starts_with("i.mobile", &mobile);
            let (reference, r) = engine.starts_with("i.reference_digits", &digits);
            b.push(format!(" AND ({national_id} OR {mobile} OR {reference})"));
            b.add(a).add(m).add(r);
        }
        SearchTerm::Name(key) => {
            b.push(" AND i.name_key LIKE ")
                .push_bind(containing(&key))
                .push(" ESCAPE '\\'");
        }
    }
}

/// A page of the consolidated list.
pub async fn list(db: &Db, q: &CaseQuery, today: NaiveDate) -> anyhow::Result<CasePage> {
    let mut count = query("SELECT COUNT(*) FROM case_index i");
    push_where(&mut count, db.engine(), q, today);
    let total: i64 = count.scalar(db.pool()).await?;
    let (page, per_page) = (q.page(), q.per_page());
    let rows = rows(db, q, today, (page, per_page)).await?;
    Ok(CasePage {
        rows,
        total: u64::try_from(total)?,
        page,
        per_page,
    })
}

/// The rows matching `q`, in its order, of the page `(page, rows per page)`.
pub async fn rows(
    db: &Db,
    q: &CaseQuery,
    today: NaiveDate,
    (page, per_page): (u32, u32),
) -> anyhow::Result<Vec<CaseRow>> {
    // The page is chosen first, in a subquery, and only its rows are flagged: asked of
    // every match, PostgreSQL would find every pair of requests sharing an ID to flag 50.
    let order = match q.sort.unwrap_or(Sort::Newest) {
        Sort::Newest => " ORDER BY i.submitted_at DESC, i.rowid DESC",
        Sort::Oldest => " ORDER BY i.submitted_at ASC, i.rowid ASC",
        Sort::AnswerDue => " ORDER BY i.answer_expected_on, i.rowid",
        Sort::Name => " ORDER BY i.name_key, i.rowid",
    };
    let mut b = query(format!(
        "SELECT i.case_id, i.reference, i.name, i.national_id, i.mobile, i.status, i.channel, \
           i.governorate, i.point, p.name_ar, p.name_en, i.support, i.submitted_at, \
           i.answer_expected_on, i.status IN ({}) AND i.answer_expected_on < ",
        awaiting()
    ));
    b.push_bind(today);
    b.push(format!(
        " AS overdue, i.open = TRUE AND {} AS duplicate \
         FROM (SELECT i.case_id, i.reference, i.name, i.national_id, i.mobile, i.status, \
           i.channel, i.governorate, i.point, i.support, i.submitted_at, \
           i.answer_expected_on, i.open, i.name_key, i.rowid AS position FROM case_index i",
        flagged()
    ));
    push_where(&mut b, db.engine(), q, today);
    // Ties go by row, so each order walks its index instead of sorting the matches.
    b.push(order);
    b.push(" LIMIT ")
        .push_bind(i64::from(per_page))
        .push(" OFFSET ")
        .push_bind(i64::from(page.max(1) - 1) * i64::from(per_page));
    b.push(") i JOIN outreach_points p ON p.id = i.point");
    b.push(order.replace("i.rowid", "i.position"));
    let found: Vec<Listed> = b.fetch_all(db.pool()).await?;
    found.into_iter().map(Listed::row).collect()
}

/// A row of the consolidated list as read.
#[derive(FromRow)]
struct Listed {
    case_id: String,
    reference: String,
    name: String,
    national_id: Option<String>,
    mobile: Option<String>,
    status: String,
    channel: String,
    governorate: String,
    point: String,
    name_ar: String,
    name_en: String,
    support: String,
    submitted_at: Option<DateTime<Utc>>,
    answer_expected_on: Option<NaiveDate>,
    overdue: Option<bool>,
    duplicate: bool,
}

impl Listed {
    fn row(self) -> anyhow::Result<CaseRow> {
        Ok(CaseRow {
            id: self.case_id.parse()?,
            reference: self.reference,
            name: self.name,
            national_id: self.national_id,
            mobile: self.mobile,
            status: CaseStatus::from_code(&self.status).context("a stored status")?,
            channel: self.channel,
            governorate: self.governorate,
            point: self.point,
            point_ar: self.name_ar,
            point_en: self.name_en,
            support: self
                .support
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            submitted_at: self.submitted_at,
            answer_expected_on: self.answer_expected_on,
            overdue: self.overdue.unwrap_or(false),
            duplicate: self.duplicate,
        })
    }
}

/// How many cases `q` narrows to, with `extra` (an `AND …` condition) added.
pub(super) async fn count_where(
    db: &Db,
    q: &CaseQuery,
    today: NaiveDate,
    extra: &str,
) -> anyhow::Result<u64> {
    let mut b = query("SELECT COUNT(*) FROM case_index i");
    push_where(&mut b, db.engine(), q, today);
    b.push(extra);
    let n: i64 = b.scalar(db.pool()).await?;
    Ok(u64::try_from(n)?)
}
