//! What the server's benchmarks share: their sizes from the environment, and the database
//! they measure on.

use std::path::Path;

use server::db::Db;

/// The number the environment variable `name` holds, or `default`.
pub fn size<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An empty database in `dir`, and its engine's name: SQLite, or the PostgreSQL database
/// `BRS_BENCH_DATABASE_URL` names.
pub async fn database(dir: &Path) -> anyhow::Result<(Db, &'static str)> {
    let settings = server::db::Settings {
        database_url: std::env::var("BRS_BENCH_DATABASE_URL").ok(),
        ..Default::default()
    };
    let engine = if settings.database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    Ok((Db::open(dir, settings).await?, engine))
}
