//! The server reads in layers: routes call services, services call `db`, and every SQL
//! statement lives under `db/`. A newcomer finds a query in one folder, and the storage
//! never reaches up into what decides or what answers HTTP. Who may do what is decided by
//! `shared`'s rules alone, on the server and in the app. Tests may reach anywhere.

use std::path::{Path, PathBuf};

/// Every source file under `dir`, at any depth.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The lines of a file's code, not its tests and not its comments, with their numbers.
fn code_lines(file: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(file).expect("source");
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

/// Every code line of `files` for which `offends` holds, as `file:line: text`.
fn offending(files: Vec<PathBuf>, offends: impl Fn(&str) -> bool) -> Vec<String> {
    files
        .into_iter()
        .flat_map(|f| {
            code_lines(&f)
                .into_iter()
                .filter(|(_, l)| offends(l))
                .map(move |(n, l)| format!("{}:{n}: {}", f.display(), l.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Whether a line runs or writes SQL: a call of sqlx's or our own `query` (not a method of
/// that name, as an HTTP client's), or a statement in a string.
fn sql(line: &str) -> bool {
    let call = line.match_indices("query").any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = &line[i + "query".len()..];
        let called =
            after.starts_with('(') || after.starts_with("_as") || after.starts_with("_scalar");
        called && !before.is_some_and(|c| c == '.' || c == '_' || c.is_ascii_alphanumeric())
            || line[..i].ends_with("sqlx::")
    });
    let statement = [
        "\"SELECT ",
        "\"INSERT INTO ",
        "\"UPDATE ",
        "\"DELETE FROM ",
        "\"VACUUM",
        "\"PRAGMA ",
    ]
    .iter()
    .any(|s| line.contains(s));
    call || statement
}

#[test]
fn every_sql_statement_lives_under_db() {
    let db = src().join("db");
    let files = sources(&src())
        .into_iter()
        .filter(|f| !f.starts_with(&db))
        .collect();
    let outside = offending(files, sql);
    assert!(
        outside.is_empty(),
        "SQL outside server/src/db:\n{}",
        outside.join("\n")
    );
}

#[test]
fn the_storage_does_not_reach_up() {
    let above = ["crate::service", "crate::notify", "crate::routes"];
    let found = offending(sources(&src().join("db")), |l| {
        above.iter().any(|a| l.contains(a))
    });
    assert!(
        found.is_empty(),
        "db/ reaches up into services, notices or routes:\n{}",
        found.join("\n")
    );
}

/// Whether a line decides by naming a role rather than by one of `shared::access`'s rules.
fn role_compared(line: &str) -> bool {
    let arm = line
        .split_once("=>")
        .is_some_and(|(pattern, _)| pattern.contains("Role::"));
    let compared = line.contains("== Role::") || line.contains("!= Role::");
    let matched = line.contains("matches!(") && line.contains("Role::");
    arm || compared || matched
}

/// The app's sources, beside the server's.
fn app_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src")
}

#[test]
fn who_may_is_decided_by_the_shared_rules() {
    // The demo's accounts are made with their roles; they decide nothing.
    let made = ["seed.rs", "demo_history.rs"];
    let files = sources(&src())
        .into_iter()
        .chain(sources(&app_src()))
        .filter(|f| !made.iter().any(|m| f.ends_with(m)))
        .collect();
    let found = offending(files, role_compared);
    assert!(
        found.is_empty(),
        "roles compared outside shared, in the server or the app:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    assert!(role_compared("    if user.0.role != Role::HeadOffice {"));
    assert!(role_compared("        Role::HeadOffice => Scope {"));
    assert!(role_compared(
        "matches!(role, Role::Officer | Role::Researcher)"
    ));
    assert!(role_compared(
        "                Some(Role::Applicant) => view! {"
    ));
    assert!(!role_compared("    user.may(Role::oversees_data)?;"));
    assert!(!role_compared(
        "        Some(r) if !r.is_staff() => view! { <StartPage/> },"
    ));
    assert!(sql(r#"    query("DELETE FROM attempts WHERE id = ?")"#));
    assert!(sql(r#"let n: i64 = sqlx::query_scalar(COUNTED)"#));
    assert!(sql(r#"        "SELECT id FROM users WHERE role = ?","#));
    assert!(!sql("request = request.query(&c.query);"));
    assert!(!sql("if let Some(query) = uri.query() {"));
}
