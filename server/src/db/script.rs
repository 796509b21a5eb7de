//! Several statements sent to the database in one round trip.
//!
//! Each statement sent alone is a trip to the connection's thread and back, and under
//! load those trips, not SQLite, are what a write costs. The writes a change makes (the
//! case, its history, its indexes, the mutation record) go together instead: their
//! statements are joined into one text and their values bound in order.

use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, Encode, Sqlite, Type};

use super::group::Tx;

/// Statements and their values, in order, waiting to be sent together.
#[derive(Default)]
pub struct Script {
    sql: String,
    args: SqliteArguments<'static>,
    error: Option<String>,
}

impl std::fmt::Debug for Script {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Script")
            .field("sql", &self.sql)
            .finish_non_exhaustive()
    }
}

impl Script {
    /// Adds a statement; its `?` take the values bound after it.
    pub fn statement(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self.sql.push_str(";\n");
        self
    }

    /// Binds the next value.
    pub fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'static, Sqlite> + Type<Sqlite> + 'static,
    {
        if let Err(e) = self.args.add(value) {
            self.error.get_or_insert(e.to_string());
        }
        self
    }

    /// `(?, ?), (?, ?)`: the placeholders of `count` rows of `width` values, for one
    /// statement inserting many rows.
    pub fn rows(count: usize, width: usize) -> String {
        let row = format!("({})", vec!["?"; width].join(", "));
        vec![row; count].join(", ")
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.sql.is_empty()
    }

    /// Runs every statement, in order, in `tx`.
    pub async fn run(self, tx: &mut Tx) -> anyhow::Result<()> {
        if let Some(e) = self.error {
            anyhow::bail!("binding a value: {e}");
        }
        if self.sql.is_empty() {
            return Ok(());
        }
        sqlx::query_with(&self.sql, self.args)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Script;

    #[test]
    fn rows_have_a_placeholder_per_value() {
        assert_eq!(Script::rows(2, 3), "(?, ?, ?), (?, ?, ?)");
        assert_eq!(Script::rows(1, 1), "(?)");
    }
}
