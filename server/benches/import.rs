//! Bringing a register in: a workbook of 10,000 rows (IDs and mobiles as Excel numbers,
//! Hijri dates as text) tried and then imported into an empty database, timed, with the
//! process's peak memory after each; then a workbook three times as long, to show the peak
//! does not grow with the file. Prints `BENCH` lines for the benchmark table.
//! `BRS_BENCH_IMPORT_ROWS` changes the count; `BRS_BENCH_DATABASE_URL` measures on an
//! empty PostgreSQL database instead.

mod support;

use std::sync::Arc;
use std::time::Instant;

use rust_xlsxwriter::Workbook;
use server::db::Db;
use server::demo_history::{national_id, FAMILY};
use server::service::import::{self, Options};
use server::service::setup;
use shared::import::ImportRun;
use shared::setup::PointDetails;

/// A register of `rows` rows starting at person `from`, as an association's workbook.
fn workbook(from: u64, rows: u32) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let headers = [
        "رقم الهوية",
        "الاسم",
        "الجوال",
        "المحافظة",
        "نقطة الاستقبال",
        "تاريخ التقديم",
        "الحالة",
        "الدعم المطلوب",
    ];
    for (col, h) in headers.iter().enumerate() {
        ws.write_string(0, u16::try_from(col)?, *h)?;
    }
    for i in 0..rows {
        let r = i + 1;
        let n = from + u64::from(i);
        ws.write_number(r, 0, national_id(n).parse::<f64>()?)?;
        ws.write_string(
            r,
            1,
            format!("محمد علي أحمد {}", FAMILY[i as usize % FAMILY.len()]),
        )?;
        ws.write_number(r, 2, 500_000_000.0 + f64::from(i))?;
        ws.write_string(r, 3, ["صامطة", "صبيا"][i as usize % 2])?;
        ws.write_string(r, 4, ["Samtah", "Sabya"][i as usize % 2])?;
        ws.write_string(r, 5, format!("1446/{:02}/{:02}", 1 + i % 12, 1 + i % 28))?;
        ws.write_string(r, 6, "مقدَّم")?;
        ws.write_string(r, 7, "ترميم")?;
    }
    Ok(book.save_to_buffer()?)
}

/// The process's peak resident memory so far, in megabytes.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Runs one import (or dry run) of `bytes`, and how long it took.
async fn timed(
    db: &Db,
    actor: &shared::people::Actor,
    bytes: Vec<u8>,
    dry_run: bool,
) -> anyhow::Result<(ImportRun, f64)> {
    let start = Instant::now();
    let options = Options {
        file: "register.xlsx".into(),
        dry_run,
        point: None,
        mapping: None,
    };
    let started = import::start(db, actor, Arc::from(bytes), options)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let run = import::run(db, actor, started, 14).await;
    if let Some(failed) = &run.failed {
        anyhow::bail!("the import stopped: {failed}");
    }
    Ok((run, start.elapsed().as_secs_f64()))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: u32 = support::size("BRS_BENCH_IMPORT_ROWS", 10_000);
    let dir = tempfile::tempdir()?;
    let (db, engine) = support::database(dir.path()).await?;
    server::seed::first_admin(&db, Some("bench-admin-password")).await?;
    for (ar, en, governorate) in [
        ("نقطة صامطة", "Samtah", "samtah"),
        ("نقطة صبيا", "Sabya", "sabya"),
    ] {
        let details = PointDetails {
            name_ar: ar.into(),
            name_en: en.into(),
            governorate: governorate.into(),
            ..PointDetails::default()
        };
        setup::create_point(&db, 1, &details)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let actor = server::db::users::by_username(db.pool(), server::seed::ADMIN_USERNAME)
        .await?
        .and_then(|u| u.me())
        .map(|me| me.actor())
        .ok_or_else(|| anyhow::anyhow!("no admin"))?;

    // Both workbooks are written first, so what is measured is the import alone.
    let book = workbook(1_000_000, rows)?;
    let long = workbook(5_000_000, rows * 3)?;
    let size_mb = book.len() as f64 / 1e6;
    let before = peak_mb();
    let (dry, dry_s) = timed(&db, &actor, book.clone(), true).await?;
    assert_eq!(dry.counts.created, rows, "{:?}", dry.rows.first());
    let (done, import_s) = timed(&db, &actor, book, false).await?;
    assert_eq!(done.counts.created, rows);
    let peak = peak_mb();
    // Three times the rows: the reader holds a few hundred rows at a time, so the peak
    // stays where it was, but for the longer report the run keeps.
    let (longer, long_s) = timed(&db, &actor, long, false).await?;
    assert_eq!(longer.counts.created, rows * 3);
    let long_peak = peak_mb();
    eprintln!(
        "{rows} rows ({size_mb:.1} MB): dry run {dry_s:.1} s, import {import_s:.1} s; \
         {} rows: {long_s:.1} s; peak {before:.0} → {peak:.0} → {long_peak:.0} MB",
        rows * 3
    );
    let rate = f64::from(rows) / import_s;
    println!(
        "BENCH import of {rows} rows from XLSX on {engine} | {import_s:.1} s ({rate:.0} rows/s) | target ≤ 30 s | {:.1}× under",
        30.0 / import_s
    );
    println!(
        "BENCH dry run of the same on {engine} | {dry_s:.1} s | target ≤ 30 s | {:.1}× under",
        30.0 / dry_s
    );
    println!(
        "BENCH peak memory importing {rows} then {} rows on {engine} | {peak:.0} MB, then {long_peak:.0} MB | the process before: {before:.0} MB | {:+.0} MB for 3× the rows",
        rows * 3,
        long_peak - peak
    );
    db.close().await;
    Ok(())
}
