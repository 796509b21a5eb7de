//! The steps that prove who an applicant is: a one-time code to a mobile opens an account
//! or resets its password, a step for an ID without an account answers as a real one
//! does, and staff who saw the original release a taken ID or confirm its holder.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use shared::api::Contact;
use shared::identity::{
    IdentityDocument, CODE_TRIES, CODE_VALID_MINUTES, RESEND_AFTER_SECS, SENDS_MAX,
};

use crate::db::identity::{self, Pending};
use crate::db::notifications::Recipient;
use crate::db::{Db, Tx};

/// The purpose of a step that opens an account.
pub const SIGN_UP: &str = "sign_up";
/// The purpose of a step that resets a forgotten password.
pub const RESET: &str = "reset";

/// A fresh code, and a token naming its step.
fn fresh_code() -> (String, String) {
    let mut rng = rand::thread_rng();
    let code = format!("{:06}", rng.gen_range(0..1_000_000));
    let token = hex::encode(rng.gen::<[u8; 16]>());
    (code, token)
}

/// The code as stored: hashed with its step's token, so equal codes never look alike.
fn code_hash(token: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{token}:{code}")))
}

fn expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::minutes(CODE_VALID_MINUTES)
}

/// A step of `purpose` for `national_id` whose first code goes to `mobile` now, in
/// `language`, and that code; the caller names what the step will change.
pub fn step(purpose: &str, national_id: &str, mobile: &str, language: &str) -> (Pending, String) {
    let (code, token) = fresh_code();
    let now = Utc::now();
    let pending = Pending {
        code_hash: code_hash(&token, &code),
        id: token,
        purpose: purpose.into(),
        national_id: national_id.into(),
        mobile: mobile.into(),
        user_id: None,
        password_hash: None,
        outreach_point_id: None,
        language: language.into(),
        tries: 0,
        sends: 1,
        sent_at: now,
        expires_at: expiry(now),
    };
    (pending, code)
}

/// A reset step for an ID without an account (or without a proven mobile): it answers as
/// a real one does, and no code opens it.
fn decoy(pending: &Pending) -> bool {
    pending.purpose == RESET && pending.user_id.is_none()
}

/// Writes a step and queues its first code (none for a decoy), in one transaction.
/// Whether a text was queued, so the outbox is woken.
pub async fn begin(db: &Db, pending: &Pending, code: &str) -> anyhow::Result<bool> {
    let mut w = db.write().await?;
    identity::start(&mut w.tx, pending).await?;
    let real = !decoy(pending);
    if real {
        let english = pending.language == "en";
        crate::notify::code(&mut w.tx, &pending.mobile, code, english, pending.sent_at).await?;
    }
    w.commit().await?;
    Ok(real)
}

/// A reset step for the applicant account holding `national_id`, its code to the mobile
/// the account proved. Without such an account the step is a decoy: written like any, its
/// sends and wrong codes counted alike, no code ever sent and none ever matching, so no
/// answer tells whether the ID has an account.
pub async fn reset_step(db: &Db, national_id: &str) -> anyhow::Result<(Pending, String)> {
    let account = identity::applicant(db.pool(), national_id).await?;
    let (mut pending, code) = step(RESET, national_id, "", "ar");
    if let Some((user_id, Some(mobile), language)) = account {
        pending.mobile = mobile;
        pending.language = language;
        pending.user_id = Some(user_id);
    }
    Ok((pending, code))
}

/// What a code typed against a waiting step came to.
#[derive(Debug)]
pub enum Checked {
    /// It matched: the step.
    Matched(Box<Pending>),
    /// It did not; this many tries are left.
    Wrong { tries_left: u32 },
    /// The step is over: expired, used, out of tries, or never there.
    Expired,
}

/// Checks `code` against the waiting step `token` of `purpose`. A wrong code counts a try,
/// and the last try ends the step.
pub async fn check_code(
    db: &Db,
    token: &str,
    purpose: &str,
    code: &str,
) -> anyhow::Result<Checked> {
    let Some(pending) = identity::get(db.pool(), token, purpose).await? else {
        return Ok(Checked::Expired);
    };
    let tries = u32::try_from(pending.tries).unwrap_or(u32::MAX);
    if pending.expires_at < Utc::now() || tries >= CODE_TRIES {
        return Ok(Checked::Expired);
    }
    if !decoy(&pending) && code_hash(&pending.id, code) == pending.code_hash {
        return Ok(Checked::Matched(Box::new(pending)));
    }
    let mut w = db.write().await?;
    let tries = u32::try_from(identity::wrong(&mut w.tx, &pending.id).await?).unwrap_or(u32::MAX);
    let left = CODE_TRIES.saturating_sub(tries);
    if left == 0 {
        identity::end(&mut w.tx, &pending.id).await?;
    }
    w.commit().await?;
    Ok(if left == 0 {
        Checked::Expired
    } else {
        Checked::Wrong { tries_left: left }
    })
}

/// What a proven sign-up step came to.
#[derive(Debug)]
pub enum Opened {
    /// The account, opened.
    Account(i64),
    /// The ID has an account already; whether its holder was texted of the try.
    Taken { warned: bool },
}

/// Opens the account of a sign-up step whose code came back, and ends the step. When the
/// ID has an account, the holder hears of the try at the mobile it proved, unless this
/// was that very mobile (the holder, who forgot the account); `contact` says how to reach
/// the association.
pub async fn open_account(db: &Db, pending: &Pending, contact: &Contact) -> anyhow::Result<Opened> {
    let now = Utc::now();
    let mut w = db.write().await?;
    let opened = identity::open_account(&mut w.tx, pending, now).await?;
    identity::end(&mut w.tx, &pending.id).await?;
    let outcome = match opened {
        Some(id) => Opened::Account(id),
        None => Opened::Taken {
            warned: warn_holder(&mut w.tx, pending, contact, now).await?,
        },
    };
    w.commit().await?;
    Ok(outcome)
}

async fn warn_holder(
    tx: &mut Tx,
    pending: &Pending,
    contact: &Contact,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let Some((_, Some(mobile), language)) =
        identity::applicant(&mut *tx, &pending.national_id).await?
    else {
        return Ok(false);
    };
    let same = shared::Mobile::parse(&mobile)
        .ok()
        .zip(shared::Mobile::parse(&pending.mobile).ok())
        .is_some_and(|(a, b)| a == b);
    if same {
        return Ok(false);
    }
    let to = Recipient {
        mobile,
        english: language == "en",
        opted_out: false,
    };
    crate::notify::sign_up_tried(tx, &to, contact, now).await
}

/// What asking for another code came to.
#[derive(Debug)]
pub enum Resent {
    /// A new code replaced the last: the step, and whether a text was queued.
    Sent { pending: Box<Pending>, texted: bool },
    /// No such step waits.
    Expired,
    /// The step's codes are all sent.
    Limit,
    /// Too soon after the last: seconds to wait.
    Wait(u64),
}

/// Another code for the waiting step `token`, a minute after the last and three in all.
/// A decoy counts its sends like any, and sends nothing.
pub async fn resend(db: &Db, token: &str) -> anyhow::Result<Resent> {
    let mut found = None;
    for purpose in [SIGN_UP, RESET] {
        if let Some(p) = identity::get(db.pool(), token, purpose).await? {
            found = Some(p);
        }
    }
    let Some(pending) = found else {
        return Ok(Resent::Expired);
    };
    let now = Utc::now();
    if u32::try_from(pending.sends).unwrap_or(u32::MAX) >= SENDS_MAX {
        return Ok(Resent::Limit);
    }
    let wait = RESEND_AFTER_SECS - (now - pending.sent_at).num_seconds();
    if wait > 0 {
        return Ok(Resent::Wait(u64::try_from(wait).unwrap_or(1)));
    }
    let (code, _) = fresh_code();
    let mut w = db.write().await?;
    identity::resent(
        &mut w.tx,
        &pending.id,
        &code_hash(&pending.id, &code),
        now,
        expiry(now),
    )
    .await?;
    let texted = !decoy(&pending);
    if texted {
        let english = pending.language == "en";
        crate::notify::code(&mut w.tx, &pending.mobile, &code, english, now).await?;
    }
    w.commit().await?;
    Ok(Resent::Sent {
        pending: Box::new(pending),
        texted,
    })
}

/// Sets the password of a reset step's account to `hash`, and ends the step. The
/// account's new session version, which ends its other sessions.
pub async fn recover(db: &Db, pending: &Pending, user_id: i64, hash: &str) -> anyhow::Result<i64> {
    let mut w = db.write().await?;
    let version = identity::recover_password(&mut w.tx, user_id, hash).await?;
    identity::end(&mut w.tx, &pending.id).await?;
    w.commit().await?;
    Ok(version)
}

/// Staff `by`, having seen the holder's original, release `national_id` from the
/// applicant account that took it, for `reason`. The account released, if there was one.
pub async fn release(
    db: &Db,
    by: i64,
    national_id: &str,
    reason: &str,
) -> anyhow::Result<Option<i64>> {
    let mut w = db.write().await?;
    let released = identity::release(&mut w.tx, by, national_id, reason, Utc::now()).await?;
    w.commit().await?;
    Ok(released)
}

/// Staff `by`, having seen `document`, confirm that the applicant account of
/// `national_id` is its holder's. The account confirmed, if there was one.
pub async fn confirm(
    db: &Db,
    by: i64,
    national_id: &str,
    document: (IdentityDocument, &str),
) -> anyhow::Result<Option<i64>> {
    let mut w = db.write().await?;
    let confirmed = identity::confirm(&mut w.tx, by, national_id, document, Utc::now()).await?;
    w.commit().await?;
    Ok(confirmed)
}
