//! Group commit: writes that arrive together share one transaction and one flush to disk.
//!
//! With every commit waiting for the disk, a flush per push would bound the server by the
//! disk's flushes per second. Instead one writer task takes whatever writes are waiting,
//! runs each inside a savepoint of one transaction, commits once, and only then answers
//! each with its own result. A write that fails is rolled back to its savepoint alone; the
//! others of its batch are kept.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use tokio::sync::{mpsc, oneshot, Mutex};

pub use super::sql::Tx;
use super::sql::{self, Pool};

/// A write waiting for its batch, with what it found and where to send it.
trait Job: Send {
    /// Runs the write in the batch's transaction; whether it succeeded.
    fn run<'t>(&'t mut self, tx: &'t mut Tx) -> BoxFuture<'t, bool>;
    /// Answers once the batch is committed, or failed to be.
    fn finish(self: Box<Self>, committed: Result<(), &sqlx::Error>);
}

struct Pending<T, F> {
    work: Option<F>,
    result: Option<anyhow::Result<T>>,
    reply: oneshot::Sender<anyhow::Result<T>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send + 'static,
    F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, anyhow::Result<T>> + Send + 'static,
{
    fn run<'t>(&'t mut self, tx: &'t mut Tx) -> BoxFuture<'t, bool> {
        Box::pin(async move {
            let Some(work) = self.work.take() else {
                return false;
            };
            // A write that panics fails alone, instead of taking the writer down with it.
            let result = match AssertUnwindSafe(work(tx)).catch_unwind().await {
                Ok(result) => result,
                Err(_) => Err(anyhow::anyhow!("a write panicked")),
            };
            let ok = result.is_ok();
            self.result = Some(result);
            ok
        })
    }

    fn finish(self: Box<Self>, committed: Result<(), &sqlx::Error>) {
        let result = match (committed, self.result) {
            (Ok(()), Some(result)) => result,
            (Err(e), Some(Ok(_))) => Err(anyhow::anyhow!("committing the batch: {e}")),
            (_, Some(Err(e))) => Err(e),
            (_, None) => Err(anyhow::anyhow!("the batch failed before this write ran")),
        };
        // The caller may have gone (its connection closed); what it wrote is kept anyway.
        let _ = self.reply.send(result);
    }
}

/// The queue of writes, served by one writer task.
#[derive(Clone, Debug)]
pub struct Writer {
    queue: mpsc::UnboundedSender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer task. It takes the same turn as [`super::Db::write`], so grouped
    /// and single writes never overlap.
    pub fn start(pool: Pool, turn: Arc<Mutex<()>>, max_batch: usize) -> Self {
        let (queue, jobs) = mpsc::unbounded_channel();
        tokio::spawn(serve(pool, turn, jobs, max_batch.max(1)));
        Self { queue }
    }

    /// Runs `work` in the next batch and returns its result once the batch is on disk.
    pub async fn run<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, anyhow::Result<T>> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Pending {
            work: Some(work),
            result: None,
            reply,
        };
        self.queue
            .send(Box::new(job))
            .map_err(|_| anyhow::anyhow!("the database writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the database writer has stopped"))?
    }
}

async fn serve(
    pool: Pool,
    turn: Arc<Mutex<()>>,
    mut jobs: mpsc::UnboundedReceiver<Box<dyn Job>>,
    max_batch: usize,
) {
    let mut batch = Vec::with_capacity(max_batch);
    while jobs.recv_many(&mut batch, max_batch).await > 0 {
        let _turn = turn.lock().await;
        let committed = run_batch(&pool, &mut batch).await;
        if let Err(e) = &committed {
            tracing::warn!(writes = batch.len(), "a batch of writes failed: {e}");
        }
        for job in batch.drain(..) {
            job.finish(committed.as_ref().map(|_| ()));
        }
    }
}

/// Runs each write in its own savepoint and commits them together.
async fn run_batch(pool: &Pool, batch: &mut [Box<dyn Job>]) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin_write().await?;
    if let [only] = batch {
        // Alone, a write needs no savepoint: failing, it takes only itself down.
        if !only.run(&mut tx).await {
            return tx.rollback().await;
        }
        return tx.commit().await;
    }
    sql::batch("SAVEPOINT write", &mut tx).await?;
    let last = batch.len() - 1;
    for (i, job) in batch.iter_mut().enumerate() {
        let kept = job.run(&mut tx).await;
        // Closing one write's savepoint and opening the next's is one trip.
        let close = match (kept, i == last) {
            (true, false) => "RELEASE write; SAVEPOINT write",
            (true, true) => "RELEASE write",
            (false, false) => "ROLLBACK TO write; RELEASE write; SAVEPOINT write",
            (false, true) => "ROLLBACK TO write; RELEASE write",
        };
        sql::batch(close, &mut tx).await?;
    }
    tx.commit().await
}
