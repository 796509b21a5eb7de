//! The beneficiary relations server: sign-in and sessions, sync, and serving the app.

pub mod auth;
pub mod blobs;
pub mod config;
pub mod db;
pub mod demo_history;
pub mod error;
pub mod exports;
pub mod limits;
pub mod log;
pub mod metrics;
pub mod notify;
pub mod proxy;
pub mod routes;
pub mod sample;
pub mod seed;
pub mod service;
pub mod sheet;
pub mod state;
pub mod tidy;

use std::net::SocketAddr;

use anyhow::Context;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use config::Config;
use db::Db;
use state::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "brs_session";

/// A server bound to its port, ready to serve.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    router: axum::Router,
    /// The database, for tests that look behind the API.
    pub db: Db,
}

/// Purges thrown-away drafts older than `days`, at start and daily after.
async fn purge_discarded(db: Db, days: u32) {
    let mut daily = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
    loop {
        daily.tick().await;
        let before = chrono::Utc::now() - chrono::Duration::days(i64::from(days));
        match db::cases::purge_discarded(&db, before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("purged {n} discarded drafts"),
            Err(e) => tracing::warn!("purging discarded drafts failed: {e:#}"),
        }
        // Attempts older than every throttle's window.
        if let Err(e) = limits::purge(db.pool()).await {
            tracing::warn!("purging old attempts failed: {e:#}");
        }
        // Codes nobody typed: their steps go too.
        if let Err(e) = db::identity::purge(db.pool(), chrono::Utc::now()).await {
            tracing::warn!("purging expired codes failed: {e:#}");
        }
    }
}

/// Anonymises the requests whose retention period has passed: at start, then daily.
async fn retain(db: Db, blobs: blobs::Blobs, retention: shared::retention::Retention) {
    let mut daily = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
    loop {
        daily.tick().await;
        let started = std::time::Instant::now();
        match service::retention::run(&db, &blobs, retention, chrono::Utc::now()).await {
            Ok(done) if done.cases == 0 => {}
            Ok(done) => tracing::info!(
                cases = done.cases,
                files = done.files,
                ms = started.elapsed().as_millis() as u64,
                "anonymised the requests past their retention"
            ),
            Err(e) => tracing::warn!("the retention job failed: {e:#}"),
        }
    }
}

/// Reads the settings again every half minute, so that an edit saved on another instance
/// sharing the database holds here too.
async fn follow_settings(db: Db, settings: service::setup::LiveSettings) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
    loop {
        every.tick().await;
        if let Err(e) = settings.refresh(&db).await {
            tracing::warn!("reading the settings failed: {e:#}");
        }
    }
}

impl Server {
    /// Opens and migrates the database, creates the first account (and the demo data
    /// when asked), and binds the port. Prints how to sign in the first time.
    pub async fn start(config: &Config) -> anyhow::Result<Self> {
        let db = Db::open(
            &config.data_dir,
            db::Settings {
                database_url: config.database_url.clone(),
                durability: config.durability,
                write_batch: usize::from(config.write_batch),
            },
        )
        .await?;
        if let Some(password) = seed::first_admin(&db, config.admin_password.as_deref()).await? {
            log::announce(&format!(
                "Created the head-office account «{}» with password: {password}\n\
                 (shown once; set BRS_ADMIN_PASSWORD to choose it on a new database)",
                seed::ADMIN_USERNAME
            ));
        }
        // The flags give the settings on a new database; after that the head office's.
        let settings = service::setup::LiveSettings::load(&db, config.first_settings()).await?;
        tokio::spawn(follow_settings(db.clone(), settings.clone()));
        if config.demo {
            let blobs = blobs::Blobs::open(&config.data_dir).await?;
            let answer_days = settings.get().answer_days;
            seed::demo(&db, &blobs, answer_days).await?;
            demo_history::write(&db, &blobs, answer_days, config.demo_history).await?;
        }

        let store = db::sessions::Sessions::new(db.pool())?;
        tokio::spawn(
            store
                .clone()
                .continuously_delete_expired(std::time::Duration::from_secs(3600)),
        );
        tokio::spawn(purge_discarded(db.clone(), config.purge_discarded_days));
        tokio::spawn(retain(
            db.clone(),
            blobs::Blobs::open(&config.data_dir).await?,
            config.retention(),
        ));
        let sessions = SessionManagerLayer::new(store)
            .with_name(SESSION_COOKIE)
            .with_http_only(true)
            .with_same_site(SameSite::Strict)
            .with_secure(config.secure_cookies)
            .with_expiry(Expiry::OnInactivity(time::Duration::days(
                config.session_days,
            )));

        let outbox = notify::Outbox::new(&config.sms)?.with_settings(settings.clone());
        tokio::spawn(outbox.clone().run(db.clone()));
        let state = AppState {
            db: db.clone(),
            blobs: blobs::Blobs::open(&config.data_dir).await?,
            settings,
            started: state::Started {
                secure_cookies: config.secure_cookies,
                data_dir: config.data_dir.clone(),
            },
            outbox,
            limits: limits::Limits::default(),
            watch: metrics::Watch {
                metrics: std::sync::Arc::new(metrics::Metrics::new()),
                token: config
                    .metrics_token
                    .clone()
                    .filter(|t| !t.trim().is_empty()),
                from: config.metrics_from.clone(),
                at_risk_days: config.at_risk_days,
                min_free_bytes: config.min_free_disk_mb.saturating_mul(1 << 20),
            },
            register_keep: shared::erasure::RegisterKeep {
                years: config.register_keep_years,
            },
            dist: config.dist.clone(),
        };
        let router = routes::router(
            state,
            &config.dist,
            sessions,
            routes::Front {
                https: config.secure_cookies,
                proxies: proxy::TrustedProxies::new(config.trusted_proxies.clone()),
            },
        );
        let listener = TcpListener::bind((config.host, config.port))
            .await
            .with_context(|| format!("binding {}:{}", config.host, config.port))?;
        Ok(Self {
            listener,
            router,
            db,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn serve(self) -> anyhow::Result<()> {
        // Each request knows the address it came from, for the sign-in throttle and log.
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Answers go out as soon as they are written: without this, a reply written in two
        // parts waits for the client's delayed acknowledgement, about 40 ms a request.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!("TCP_NODELAY refused on a connection: {e}");
            }
        });
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        self.db.close().await;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
