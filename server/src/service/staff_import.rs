//! Staff accounts brought in from a sheet: each row checked by the rules of an account the
//! head office opens by hand, then opened with a one-time password its owner changes at
//! first sign-in. An existing user name is left as it is, so a sheet may be brought again.

use std::collections::HashMap;
use std::sync::Arc;

use rand::Rng;
use serde_json::json;
use shared::import::header_key;
use shared::setup::PublicPoint;
use shared::staff_import::{guess, read_row, StaffColumn, StaffImport, StaffOutcome, StaffReport};
use shared::validation::{ErrorCode, Field, FieldError};

use crate::auth::hash_password;
use crate::db::{accounts, setup as points, users, Db};
use crate::service::import::Refused;
use crate::sheet::{self, Piece};

/// The letters one-time passwords are made of: none that reads as another on paper.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A one-time password of 12 characters from [`ALPHABET`], in groups of four.
fn one_time_password() -> String {
    let mut rng = rand::thread_rng();
    let chars: Vec<char> = (0..12)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

fn problem(field: Field, code: ErrorCode) -> Vec<FieldError> {
    vec![FieldError {
        field,
        index: None,
        code,
    }]
}

/// Reads the sheet and, unless `dry_run`, opens each new account, as `by`.
pub async fn run(
    db: &Db,
    by: i64,
    file: &str,
    bytes: Arc<[u8]>,
    dry_run: bool,
) -> Result<StaffImport, Refused> {
    let mut pieces = sheet::read(bytes);
    let headers = match pieces.recv().await {
        Some(Ok(Piece::Headers(h))) => h,
        Some(Err(code)) => return Err(Refused::Invalid(Field::File, code)),
        _ => return Err(Refused::Invalid(Field::File, ErrorCode::NotASheet)),
    };
    let mapping = guess(&headers);
    for needed in [StaffColumn::Username, StaffColumn::Name, StaffColumn::Role] {
        if !mapping.contains(&Some(needed)) {
            let field = match needed {
                StaffColumn::Username => Field::Username,
                StaffColumn::Name => Field::DisplayName,
                _ => Field::Role,
            };
            return Err(Refused::Invalid(field, ErrorCode::Required));
        }
    }
    let ignored = headers
        .iter()
        .zip(&mapping)
        .filter(|(_, c)| c.is_none())
        .map(|(h, _)| h.clone())
        .collect();
    let mut rows = Vec::new();
    while let Some(piece) = pieces.recv().await {
        if let Piece::Rows(r) = piece.map_err(|code| Refused::Invalid(Field::File, code))? {
            rows.extend(r);
        }
        if rows.len() > StaffImport::MAX_ROWS {
            let max = StaffImport::MAX_ROWS;
            return Err(Refused::Invalid(Field::File, ErrorCode::TooMany { max }));
        }
    }
    let open = points::open_points(db.pool()).await?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut report = Vec::with_capacity(rows.len());
    for (number, cells) in rows {
        let mut row = StaffReport {
            row: number,
            username: String::new(),
            display_name: String::new(),
            role: None,
            point: None,
            outcome: StaffOutcome::Create,
        };
        let read = match read_row(&cells, &mapping) {
            Ok(read) => read,
            Err(problems) => {
                row.outcome = StaffOutcome::Refused { problems };
                report.push(row);
                continue;
            }
        };
        row.username.clone_from(&read.username);
        row.display_name.clone_from(&read.display_name);
        row.role = Some(read.role);
        let point = match &read.point {
            Some(named) => match find(&open, named) {
                Some(p) => {
                    row.point = Some(p.details.name_ar.clone());
                    Some(p.id.clone())
                }
                None => {
                    let problems = problem(Field::OutreachPoint, ErrorCode::UnknownChoice);
                    row.outcome = StaffOutcome::Refused { problems };
                    report.push(row);
                    continue;
                }
            },
            None => None,
        };
        if let Some(first) = seen.insert(read.username.clone(), number) {
            let problems = problem(Field::Username, ErrorCode::RepeatedRow { row: first });
            row.outcome = StaffOutcome::Refused { problems };
        } else if users::by_username(db.pool(), &read.username)
            .await?
            .is_some()
        {
            row.outcome = StaffOutcome::Exists;
        } else if !dry_run {
            let password = one_time_password();
            let hash = hash_password(&password).await?;
            let created = users::create(
                db.pool(),
                &users::NewUser {
                    username: &read.username,
                    display_name: &read.display_name,
                    password_hash: &hash,
                    role: read.role,
                    outreach_point_id: point.as_deref(),
                    must_change_password: true,
                },
            )
            .await?;
            let Some(user) = users::by_username(db.pool(), &read.username)
                .await?
                .filter(|_| created)
            else {
                // Opened meanwhile by someone else.
                row.outcome = StaffOutcome::Exists;
                report.push(row);
                continue;
            };
            if let Some(mobile) = &read.mobile {
                users::set_mobile(db.pool(), user.id, mobile).await?;
            }
            let detail = json!({"imported_from": file, "row": number, "role": read.role.code(),
                "outreach_point": point});
            accounts::log(db.pool(), by, user.id, "created", detail).await?;
            tracing::info!(
                by,
                user = user.id,
                file,
                row = number,
                "account opened from a sheet"
            );
            row.outcome = StaffOutcome::Created { password };
        }
        report.push(row);
    }
    Ok(StaffImport {
        dry_run,
        ignored,
        rows: report,
    })
}

/// The open point a sheet names, by code or either name.
fn find<'a>(open: &'a [PublicPoint], named: &str) -> Option<&'a PublicPoint> {
    let key = header_key(named);
    open.iter().find(|p| {
        p.id == named.trim()
            || header_key(&p.details.name_ar) == key
            || header_key(&p.details.name_en) == key
    })
}
