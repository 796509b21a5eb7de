//! How often one address, person or account may open accounts, ask for codes, type them,
//! and introduce new devices: enough for real people, too few for a script.

use std::time::Duration;

use crate::auth::LoginThrottle;

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

/// The limits, each counted per key within its window.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Sign-ups and forgotten-password steps from one address: an outreach point's shared
    /// connection or a mobile network's may carry several people.
    pub steps_by_address: LoginThrottle,
    /// Sign-ups and forgotten-password steps for one mobile or one national ID.
    pub steps_by_person: LoginThrottle,
    /// Codes typed from one address, across every step, so codes cannot be guessed by
    /// spreading tries over many steps.
    pub codes_by_address: LoginThrottle,
    /// New devices from one address.
    pub devices_by_address: LoginThrottle,
    /// New devices for one account: a phone replaced or a tablet reset now and then.
    pub devices_by_user: LoginThrottle,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            steps_by_address: LoginThrottle::with_window(10, HOUR),
            steps_by_person: LoginThrottle::with_window(3, HOUR),
            codes_by_address: LoginThrottle::with_window(30, HOUR),
            devices_by_address: LoginThrottle::with_window(30, HOUR),
            devices_by_user: LoginThrottle::with_window(20, DAY),
        }
    }
}
