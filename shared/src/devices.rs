//! Devices as the head office sees them: who holds each, the build it runs, and work at risk on it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::life::status::Role;
use crate::validation::{required_text, Collector, Field, FieldError};

/// What a device tells of itself each time it syncs, besides its id and unsent count.
/// Every field is optional: a browser that cannot say leaves it out, and devices running a
/// build from before it was sent say nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceState {
    /// The build of the app running on it, as the page it was loaded from names it.
    pub build: Option<String>,
    /// Seconds since its user last finished a sync, by the device's own clock: an age, not a
    /// time, so a device whose clock is set wrong still tells it right.
    pub since_sync_secs: Option<u64>,
    /// Whether the browser keeps its storage even when the disk runs low.
    pub persistent: Option<bool>,
    /// Bytes the app's storage uses on the device.
    pub storage_used: Option<u64>,
    /// Bytes the browser lets it use.
    pub storage_quota: Option<u64>,
}

impl DeviceState {
    /// The longest build name accepted; the build script makes 16 hexadecimal digits.
    pub const BUILD_MAX: usize = 64;
    /// The longest age of a last sync accepted: older than this is not a clock, it is noise.
    pub const SINCE_SYNC_MAX_SECS: u64 = 20 * 365 * 24 * 3600;
    /// The most storage a device may claim (2⁵³, the largest whole number a browser counts).
    pub const STORAGE_MAX: u64 = 1 << 53;

    /// Why the state cannot be what a device said, if it cannot: a build name of letters,
    /// digits, dots and dashes only, and figures within reason.
    pub fn problem(&self) -> Option<&'static str> {
        if let Some(build) = &self.build {
            let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
            if build.is_empty() || build.len() > Self::BUILD_MAX || !build.chars().all(allowed) {
                return Some("build must be 1 to 64 letters, digits, dots or dashes");
            }
        }
        if self
            .since_sync_secs
            .is_some_and(|s| s > Self::SINCE_SYNC_MAX_SECS)
        {
            return Some("since_sync_secs is more than twenty years");
        }
        let too_big = |v: Option<u64>| v.is_some_and(|v| v > Self::STORAGE_MAX);
        if too_big(self.storage_used) || too_big(self.storage_quota) {
            return Some("storage figures must be at most 2^53 bytes");
        }
        None
    }
}

/// When a user's last finished sync on a device was, on the server's clock: the device's
/// report of its age taken back from when the report `arrived`.
pub fn synced_at(arrived: DateTime<Utc>, since_sync_secs: u64) -> DateTime<Utc> {
    let secs = since_sync_secs.min(DeviceState::SINCE_SYNC_MAX_SECS);
    arrived - Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Whether work on a device is at risk: something is unsent and its user has not finished
/// a sync for `days` days. Such a device holds work the head office cannot see; if it is
/// lost or wiped, that work is gone.
pub fn at_risk(unsent: u32, synced_at: DateTime<Utc>, now: DateTime<Utc>, days: u32) -> bool {
    unsent > 0 && now - synced_at >= Duration::days(i64::from(days))
}

/// Whether the browser may clear a device's storage while staff carry work on it: it did
/// not grant persistent storage, and an officer or a researcher signs in on it. A phone
/// an applicant files from is theirs to keep; a tablet at an outreach point holds
/// requests taken offline.
pub fn storage_at_risk(persistent: Option<bool>, holders: &[Holder]) -> bool {
    persistent == Some(false)
        && holders
            .iter()
            .any(|h| matches!(h.role, Role::Officer | Role::Researcher))
}

/// The devices a member of staff may see, as `GET /api/devices` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    /// Days without a finished sync after which unsent work is at risk.
    pub at_risk_days: u32,
    /// The build the server hands out now, when it can tell.
    pub current_build: Option<String>,
    /// How many of the devices listed run each build, the current first.
    pub builds: Vec<BuildCount>,
    /// The devices: at risk first, then the most recently seen; lost ones last.
    pub devices: Vec<DeviceView>,
    /// How many devices matched, when more than those listed.
    pub matched: u32,
}

impl DeviceList {
    /// The most devices one answer lists.
    pub const SHOWN_MAX: usize = 300;
}

/// How many devices run one build.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildCount {
    /// The build, or none for devices that have not said.
    pub build: Option<String>,
    /// How many devices listed run it.
    pub devices: u32,
    /// Whether it is the build the server hands out now.
    pub current: bool,
}

/// One device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    /// Its number, which starts the reference numbers made on it.
    pub number: u32,
    /// When it first signed in.
    pub first_seen: DateTime<Utc>,
    /// When it last reported, at a sync.
    pub last_seen: DateTime<Utc>,
    /// What it last said of itself.
    pub state: DeviceState,
    /// Who signed in on it, the one whose work is at risk first.
    pub holders: Vec<Holder>,
    /// Whether unsent work on it is at risk: not synced for days.
    pub at_risk: bool,
    /// Whether the browser may clear its storage, with the requests taken offline on it
    /// (see [`storage_at_risk`]).
    #[serde(default)]
    pub storage_at_risk: bool,
    /// The browser and system it runs, as its last report's `User-Agent` named them
    /// ("Chrome 131 · Android"), to tell a person's devices apart.
    #[serde(default)]
    pub browser: Option<String>,
    /// Whether the head office marked it lost.
    pub lost: Option<LostMark>,
}

impl DeviceView {
    /// Changes it holds unsent, over all its users.
    pub fn unsent(&self) -> u32 {
        self.holders.iter().map(|h| h.unsent).sum()
    }

    /// Who holds it: the holder seen on it last.
    pub fn holder(&self) -> Option<&Holder> {
        self.holders.iter().max_by_key(|h| h.last_seen)
    }

    /// Whether it runs another build than the one the server hands out now.
    pub fn behind(&self, current: Option<&str>) -> bool {
        matches!((current, self.state.build.as_deref()), (Some(c), Some(b)) if c != b)
    }
}

/// A user who signed in on a device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// Their account.
    pub user_id: i64,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their outreach point's id, for staff of a point and applicants who chose one.
    pub outreach_point: Option<String>,
    /// Their mobile, for staff, so that the head office can call.
    pub mobile: Option<String>,
    /// When they last reported from it.
    pub last_seen: DateTime<Utc>,
    /// When they last finished a sync on it, as far as the server knows.
    pub synced_at: DateTime<Utc>,
    /// Changes of theirs it held unsent at that report.
    pub unsent: u32,
    /// Whether their unsent work on it is at risk.
    pub at_risk: bool,
}

/// The head office's mark on a device it declared lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostMark {
    /// When.
    pub at: DateTime<Utc>,
    /// Who marked it.
    pub by: String,
    /// Why.
    pub reason: String,
}

/// `POST /api/devices/{number}/lost` and `/found`: why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceMark {
    /// Why the device is marked lost, or found again.
    pub reason: String,
}

impl DeviceMark {
    /// The longest a reason may be.
    pub const REASON_MAX: usize = 500;

    /// The reason, trimmed; it is required.
    pub fn check(&self) -> Result<String, Vec<FieldError>> {
        let mut c = Collector::default();
        let reason = c.check(Field::Reason, required_text(&self.reason, Self::REASON_MAX));
        c.finish(|| reason)
    }
}

/// Which devices a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// Devices staff signed in on: the outreach points' tablets.
    #[default]
    Staff,
    /// Applicants' own phones.
    Applicants,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_is_at_risk_only_when_unsent_and_not_synced_for_the_days() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("a time");
        let four_days = synced_at(now, 4 * 24 * 3600);
        assert!(at_risk(2, four_days, now, 3));
        assert!(!at_risk(0, four_days, now, 3));
        assert!(!at_risk(2, synced_at(now, 3600), now, 3));
        assert!(at_risk(1, synced_at(now, 3 * 24 * 3600), now, 3));
        // An age past any clock is taken as the longest accepted, not an overflow.
        assert!(at_risk(1, synced_at(now, u64::MAX), now, 3));
    }

    #[test]
    fn a_state_from_a_device_is_checked() {
        let ok = DeviceState {
            build: Some("0123456789abcdef".into()),
            since_sync_secs: Some(30),
            persistent: Some(true),
            storage_used: Some(1 << 20),
            storage_quota: Some(1 << 30),
        };
        assert_eq!(ok.problem(), None);
        assert_eq!(DeviceState::default().problem(), None);
        for build in ["", "<script>", &"a".repeat(65)] {
            let bad = DeviceState {
                build: Some(build.into()),
                ..DeviceState::default()
            };
            assert!(bad.problem().is_some(), "{build:?}");
        }
        let ages = DeviceState {
            since_sync_secs: Some(DeviceState::SINCE_SYNC_MAX_SECS + 1),
            ..DeviceState::default()
        };
        assert!(ages.problem().is_some());
        let storage = DeviceState {
            storage_used: Some(u64::MAX),
            ..DeviceState::default()
        };
        assert!(storage.problem().is_some());
    }

    #[test]
    fn a_mark_needs_a_reason() {
        assert!(DeviceMark::default().check().is_err());
        assert_eq!(
            DeviceMark {
                reason: "  سُرق من النقطة  ".into()
            }
            .check()
            .expect("a reason"),
            "سُرق من النقطة"
        );
    }

    #[test]
    fn staff_storage_the_browser_may_clear_is_at_risk() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("a time");
        let holder = |role| Holder {
            user_id: 1,
            name: "أحمد".into(),
            role,
            outreach_point: None,
            mobile: None,
            last_seen: now,
            synced_at: now,
            unsent: 0,
            at_risk: false,
        };
        let officer = [holder(Role::Officer)];
        assert!(storage_at_risk(Some(false), &officer));
        assert!(!storage_at_risk(Some(true), &officer));
        assert!(
            !storage_at_risk(None, &officer),
            "not reported is not known to be at risk"
        );
        assert!(!storage_at_risk(Some(false), &[holder(Role::Applicant)]));
        assert!(storage_at_risk(Some(false), &[holder(Role::Researcher)]));
    }

    #[test]
    fn a_device_on_another_build_is_behind() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("a time");
        let mut device = DeviceView {
            number: 7,
            first_seen: now,
            last_seen: now,
            state: DeviceState::default(),
            holders: vec![],
            at_risk: false,
            storage_at_risk: false,
            browser: None,
            lost: None,
        };
        assert!(!device.behind(Some("b2")));
        device.state.build = Some("b1".into());
        assert!(device.behind(Some("b2")));
        assert!(!device.behind(Some("b1")));
        assert!(!device.behind(None));
    }
}
