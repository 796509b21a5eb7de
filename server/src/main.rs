//! Starts the beneficiary relations server.

use clap::Parser;
use server::config::Command;
use server::log::announce;
use server::{Config, Server};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    server::log::init(config.log_format);
    match &config.command {
        Some(Command::Backup { to }) => {
            let done = server::db::backup::backup(&config, to)
                .await
                .unwrap_or_else(failed);
            println!(
                "Backed up {} requests (changes up to #{}) to {}; {} of {} attachment files \
                 copied to {}",
                done.cases,
                done.last_change,
                to.display(),
                done.copied,
                done.files,
                server::db::backup::attachments_beside(to).display()
            );
            return Ok(());
        }
        Some(Command::Restore { from }) => {
            let done = server::db::backup::restore(&config, from)
                .await
                .unwrap_or_else(failed);
            println!(
                "Restored {} requests (changes up to #{}) from {}, with {} attachment files; \
                 devices will start over at their next sync",
                done.cases,
                done.last_change,
                from.display(),
                done.copied
            );
            return Ok(());
        }
        Some(Command::Import {
            from,
            dry_run,
            point,
            by,
            english,
        }) => {
            let options = server::service::import::Options {
                file: from.file_name().map_or_else(
                    || from.display().to_string(),
                    |n| n.to_string_lossy().into(),
                ),
                dry_run: *dry_run,
                point: point.clone(),
                mapping: None,
            };
            let run = server::service::import::from_command_line(&config, from, options, by)
                .await
                .unwrap_or_else(failed);
            let lang = if *english {
                shared::texts::Lang::En
            } else {
                shared::texts::Lang::Ar
            };
            println!("{}", server::service::import::describe(&run, lang));
            // A row refused, or a run that stopped, is for whoever runs it to see to.
            if run.counts.refused > 0 || run.failed.is_some() {
                std::process::exit(1);
            }
            return Ok(());
        }
        None => {}
    }
    let server = Server::start(&config).await?;
    let addr = server.local_addr()?;
    announce(&format!(
        "Beneficiary relations system listening on http://{addr}"
    ));
    if config.demo {
        announce(&format!(
            "Demo sign-ins (password «{}»): {}",
            server::seed::DEMO_PASSWORD,
            server::seed::DEMO_USERS
                .iter()
                .map(|(name, ..)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    server.serve().await
}

/// Ends a command that failed with its reasons on one line, for whoever runs it by hand.
fn failed<T>(e: anyhow::Error) -> T {
    eprintln!("error: {e:#}");
    std::process::exit(1)
}
