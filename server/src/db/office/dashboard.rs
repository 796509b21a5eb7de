//! The dashboard's counts: by status, channel, governorate, point, support type and month, time to a decision, lateness and what waits.

use super::*;

/// Counts by value.
#[derive(Default)]
struct Tally(HashMap<String, u64>);

impl Tally {
    /// Counts `n` more with the value `key`.
    fn add(&mut self, key: &str, n: u64) {
        *self.0.entry(key.to_owned()).or_default() += n;
    }

    fn get(&self, key: &str) -> u64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    /// One bar per value of a vocabulary, in its order, zeros included.
    fn bars<T: Vocabulary>(&self) -> Vec<Count> {
        T::ALL
            .iter()
            .map(|v| Count {
                key: v.code().to_owned(),
                name_ar: v.label_ar().to_owned(),
                name_en: v.label_en().to_owned(),
                n: self.get(v.code()),
            })
            .collect()
    }
}

/// What the dashboard counts, however it was counted.
#[derive(Default)]
struct Counted {
    total: u64,
    statuses: Tally,
    points: Tally,
    channels: Tally,
    governorates: Tally,
    months: Tally,
    support: Tally,
    /// Requests decided, by the days their decision took.
    days: BTreeMap<u32, u64>,
    overdue: u64,
}

impl Counted {
    /// Counts `n` requests that asked for the support types `kinds` (",a,b,").
    fn add_support(&mut self, kinds: &str, n: u64) {
        for kind in kinds.split(',').filter(|k| !k.is_empty()) {
            self.support.add(kind, n);
        }
    }
}

/// The dashboard of every request handed in, from the counts the index keeps as requests
/// change (`dashboard_counts`): a hundred rows read, whatever the number of requests.
async fn kept(db: &Db, today: NaiveDate, calendar: Calendar) -> anyhow::Result<Counted> {
    // The kept months are named after the index's columns.
    let month_facet = month_column(calendar);
    let rows: Vec<(String, String, i64)> =
        query("SELECT facet, value, cases FROM dashboard_counts WHERE cases > 0")
            .fetch_all(db.pool())
            .await?;
    let mut c = Counted::default();
    for (facet, value, n) in rows {
        let n = u64::try_from(n)?;
        let tally = match facet.as_str() {
            "status" => {
                c.total += n;
                &mut c.statuses
            }
            "point" => &mut c.points,
            "channel" => &mut c.channels,
            "governorate" => &mut c.governorates,
            f if f == month_facet => &mut c.months,
            "support" => {
                c.add_support(&value, n);
                continue;
            }
            "decision_days" => {
                if let Ok(d) = value.parse() {
                    *c.days.entry(d).or_default() += n;
                }
                continue;
            }
            _ => continue,
        };
        tally.add(&value, n);
    }
    // What is late depends on the day: counted by the index of answer days, not kept.
    let late = CaseQuery {
        overdue: true,
        ..CaseQuery::default()
    };
    c.overdue = count_where(db, &late, today, "").await?;
    Ok(c)
}

/// The dashboard of the cases `q` narrows to, read in one pass and counted here.
async fn scanned(
    db: &Db,
    q: &CaseQuery,
    today: NaiveDate,
    calendar: Calendar,
) -> anyhow::Result<Counted> {
    let column = month_column(calendar);
    let mut b = query(format!(
        "SELECT i.status, i.point, i.channel, i.governorate, i.{column}, i.support, \
           i.decision_days, i.status IN ({}) AND i.answer_expected_on < ",
        awaiting()
    ));
    b.push_bind(today);
    b.push(" FROM case_index i");
    push_where(&mut b, db.engine(), q, today);
    type Seen = (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<i64>,
        Option<bool>,
    );
    let rows: Vec<Seen> = b.fetch_all(db.pool()).await?;
    let mut c = Counted {
        total: rows.len() as u64,
        ..Counted::default()
    };
    for (status, point, channel, governorate, month, kinds, decided, late) in &rows {
        c.statuses.add(status, 1);
        c.points.add(point, 1);
        c.channels.add(channel, 1);
        c.governorates.add(governorate, 1);
        if let Some(m) = month {
            c.months.add(m, 1);
        }
        c.add_support(kinds, 1);
        if let Some(d) = decided.and_then(|d| u32::try_from(d).ok()) {
            *c.days.entry(d).or_default() += 1;
        }
        c.overdue += u64::from(late.unwrap_or(false));
    }
    Ok(c)
}

/// The dashboard of the cases `q` narrows to (its order and page aside) on `today`, its
/// months in `calendar`; `expected_days` is the answer expectation. Every request handed
/// in is counted from the kept counts; a narrower view reads its cases in one pass.
pub async fn dashboard(
    db: &Db,
    q: &CaseQuery,
    today: NaiveDate,
    calendar: Calendar,
    expected_days: u32,
) -> anyhow::Result<Dashboard> {
    let whole = CaseQuery {
        sort: None,
        page: None,
        per_page: None,
        q: q.q.trim().to_owned(),
        ..q.clone()
    } == CaseQuery::default();
    let c = if whole {
        kept(db, today, calendar).await?
    } else {
        scanned(db, q, today, calendar).await?
    };
    let Counted {
        total,
        statuses,
        points,
        channels,
        governorates,
        months,
        support,
        days,
        overdue,
    } = c;
    let by_status = CaseStatus::ALL
        .iter()
        .filter(|s| **s != CaseStatus::Draft)
        .map(|s| Count {
            key: s.code().to_owned(),
            name_ar: s.label_ar().to_owned(),
            name_en: s.label_en().to_owned(),
            n: statuses.get(s.code()),
        })
        .collect();
    let by_point = query("SELECT id, name_ar, name_en FROM outreach_points ORDER BY name_ar")
        .fetch_all::<(String, String, String)>(db.pool())
        .await?
        .into_iter()
        .map(|(id, name_ar, name_en)| Count {
            n: points.get(&id),
            key: id,
            name_ar,
            name_en,
        })
        .collect();
    let mut month = Month::of(today, calendar);
    let mut by_month = Vec::with_capacity(12);
    for _ in 0..12 {
        let key = month.to_string();
        by_month.push(Count {
            n: months.get(&key),
            name_ar: month.name(true),
            name_en: month.name(false),
            key,
        });
        month = month.previous();
    }
    by_month.reverse();
    let within_expected = days.range(..=expected_days).map(|(_, n)| n).sum();
    let decided = days.values().sum();
    let (median_days, p90_days) = percentiles(&days);
    let duplicates = count_where(
        db,
        q,
        today,
        &format!(" AND i.open = TRUE AND {}", flagged_set()),
    )
    .await?;
    let open_feedback: i64 = query("SELECT COUNT(*) FROM feedback WHERE state <> 'closed'")
        .scalar(db.pool())
        .await?;
    Ok(Dashboard {
        total,
        by_status,
        by_channel: channels.bars::<Channel>(),
        by_governorate: governorates.bars::<Governorate>(),
        by_point,
        by_support: support.bars::<SupportType>(),
        by_month,
        calendar: Some(calendar),
        decision_times: DecisionTimes {
            decided,
            median_days,
            p90_days,
            within_expected,
            expected_days,
        },
        overdue,
        open_feedback: u64::try_from(open_feedback)?,
        duplicates,
    })
}
