//! Starts the beneficiary relations server.

use clap::Parser;
use server::{Config, Server};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = Config::parse();
    let server = Server::start(&config).await?;
    let addr = server.local_addr()?;
    println!("Beneficiary relations system listening on http://{addr}");
    if config.demo {
        println!(
            "Demo sign-ins (password «{}»): {}",
            server::seed::DEMO_PASSWORD,
            server::seed::DEMO_USERS
                .iter()
                .map(|(name, ..)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    server.serve().await
}
