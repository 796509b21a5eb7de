//! The dashboard's counts: by status, channel, governorate, point, support type and month, time to a decision, lateness and what waits.

use super::*;

/// Counts by value.
#[derive(Default)]
struct Tally(HashMap<String, u64>);

impl Tally {
    fn add(&mut self, key: &str) {
        *self.0.entry(key.to_owned()).or_default() += 1;
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

/// The dashboard of the cases `q` narrows to (its order and page aside) on `today`, its
/// months in `calendar`; `expected_days` is the answer expectation. The cases are read in
/// one pass and counted here: one scan instead of one per chart.
pub async fn dashboard(
    db: &Db,
    q: &CaseQuery,
    today: NaiveDate,
    calendar: Calendar,
    expected_days: u32,
) -> anyhow::Result<Dashboard> {
    let column = match calendar {
        Calendar::Gregorian => "g_month",
        Calendar::Hijri => "h_month",
    };
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
    let (mut statuses, mut points, mut channels, mut governorates, mut months, mut support) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let mut days = Vec::new();
    let mut overdue = 0;
    for (status, point, channel, governorate, month, kinds, decided, late) in &rows {
        statuses.add(status);
        points.add(point);
        channels.add(channel);
        governorates.add(governorate);
        if let Some(m) = month {
            months.add(m);
        }
        for kind in kinds.split(',').filter(|k| !k.is_empty()) {
            support.add(kind);
        }
        if let Some(d) = decided.and_then(|d| u32::try_from(d).ok()) {
            days.push(d);
        }
        overdue += u64::from(late.unwrap_or(false));
    }
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
    let within_expected = days.iter().filter(|d| **d <= expected_days).count() as u64;
    let decided = days.len() as u64;
    let (median_days, p90_days) = percentiles(days);
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
        total: rows.len() as u64,
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
