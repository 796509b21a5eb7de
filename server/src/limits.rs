//! How often one name, address, person or account may sign in, open accounts, ask for and
//! type codes, and introduce devices: counted in the database, so every server instance
//! sharing it counts the same attempts.

use std::time::Duration;

use crate::db::attempts;
use crate::db::sql::Pool;
use crate::error::ApiError;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

/// Sign-ins one user name may try in a quarter of an hour.
pub const SIGN_INS_PER_NAME: usize = 5;
/// Sign-ins one address may try in a quarter of an hour, whatever the names.
pub const SIGN_INS_PER_ADDRESS: usize = 30;

/// How long an attempt is kept: the longest window of any throttle.
pub const KEPT: Duration = DAY;

/// At most `limit` attempts per subject within `window`.
#[derive(Clone, Copy, Debug)]
pub struct Throttle {
    /// Its name in the database, so throttles sharing a subject count apart.
    name: &'static str,
    limit: usize,
    window: Duration,
}

/// Attempts counted by [`attempt`], which a success may take back.
#[must_use = "an attempt that succeeded is forgiven or kept on purpose"]
#[derive(Debug)]
pub struct Counted {
    ids: Vec<i64>,
}

impl Counted {
    /// Takes the attempts back, as when they succeeded and only failures should count.
    pub async fn forgive(self, pool: &Pool) -> Result<(), ApiError> {
        for id in self.ids {
            attempts::forget(pool, id).await?;
        }
        Ok(())
    }

    /// Keeps the attempts: they count until they leave their windows.
    pub fn keep(self) {}
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn subject(key: &str) -> String {
    key.trim().to_lowercase()
}

impl Throttle {
    const fn new(name: &'static str, limit: usize, window: Duration) -> Self {
        Self {
            name,
            limit,
            window,
        }
    }

    fn window_ms(&self) -> i64 {
        i64::try_from(self.window.as_millis()).unwrap_or(i64::MAX)
    }

    /// Forgets every attempt on `key`, as a successful sign-in does for its name.
    pub async fn clear(&self, pool: &Pool, key: &str) -> Result<(), ApiError> {
        attempts::clear(pool, self.name, &subject(key)).await?;
        Ok(())
    }
}

/// Counts one attempt on each `(throttle, key)`, or refuses when one of them has had its
/// share; an attempt refused counts on none.
///
/// Each is written before it is counted, so two instances racing for the last place
/// cannot both take it: at worst both are refused, never both let through.
pub async fn attempt(pool: &Pool, tries: &[(&Throttle, &str)]) -> Result<Counted, ApiError> {
    let now = now_ms();
    let mut counted = Counted { ids: Vec::new() };
    for (throttle, key) in tries {
        let subject = subject(key);
        let id = attempts::record(pool, throttle.name, &subject, now).await?;
        counted.ids.push(id);
        let (count, oldest) =
            attempts::since(pool, throttle.name, &subject, now - throttle.window_ms()).await?;
        if usize::try_from(count).unwrap_or(usize::MAX) > throttle.limit {
            let wait_ms = oldest.unwrap_or(now) + throttle.window_ms() - now;
            counted.forgive(pool).await?;
            return Err(ApiError::TooManyAttempts {
                retry_after_secs: u64::try_from(wait_ms / 1000).unwrap_or(0).max(1),
            });
        }
    }
    Ok(counted)
}

/// Forgets attempts older than every window; how many went.
pub async fn purge(pool: &Pool) -> sqlx::Result<u64> {
    let before = now_ms() - i64::try_from(KEPT.as_millis()).unwrap_or(i64::MAX);
    attempts::purge(pool, before).await
}

/// The limits, each counted per subject within its window.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Sign-ins per user name: a wrong current password on a change counts too.
    pub sign_ins_by_name: Throttle,
    /// Sign-ins per address, whatever the names tried: enough for an outreach point whose
    /// tablets share one connection, too few to guess passwords across many accounts.
    pub sign_ins_by_address: Throttle,
    /// Sign-ups and forgotten-password steps from one address: an outreach point's shared
    /// connection or a mobile network's may carry several people.
    pub steps_by_address: Throttle,
    /// Sign-ups and forgotten-password steps for one mobile or one national ID.
    pub steps_by_person: Throttle,
    /// Codes typed from one address, across every step, so codes cannot be guessed by
    /// spreading tries over many steps.
    pub codes_by_address: Throttle,
    /// New devices from one address.
    pub devices_by_address: Throttle,
    /// New devices for one account: a phone replaced or a tablet reset now and then.
    pub devices_by_user: Throttle,
    /// Test texts through the gateway by one account: each costs the association a text.
    pub sms_tests_by_user: Throttle,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            sign_ins_by_name: Throttle::new("sign_in_name", SIGN_INS_PER_NAME, 15 * MINUTE),
            sign_ins_by_address: Throttle::new(
                "sign_in_address",
                SIGN_INS_PER_ADDRESS,
                15 * MINUTE,
            ),
            steps_by_address: Throttle::new("step_address", 10, HOUR),
            steps_by_person: Throttle::new("step_person", 3, HOUR),
            codes_by_address: Throttle::new("code_address", 30, HOUR),
            devices_by_address: Throttle::new("device_address", 30, HOUR),
            devices_by_user: Throttle::new("device_user", 20, DAY),
            sms_tests_by_user: Throttle::new("sms_test_user", 10, HOUR),
        }
    }
}
