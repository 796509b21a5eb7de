//! Several statements sent to the database together: in one round trip on SQLite.
//!
//! Each statement sent alone is a trip to the connection's thread and back, and under
//! load those trips, not SQLite, are what a write costs. The writes a change makes (the
//! case, its history, its indexes, the mutation record) go together instead: on SQLite
//! their statements are joined into one text and their values bound in order. PostgreSQL
//! takes no several statements with bound values in one message, so there each value is
//! written into its statement as a literal of the type binding would give it, and the
//! statements go in one message.

use super::sql::{Query, Tx, Value};

/// Statements and their values, in order, waiting to be sent together.
#[derive(Debug, Default, PartialEq)]
pub struct Script {
    statements: Vec<Query>,
}

impl Script {
    /// Adds a statement; its `?` take the values bound after it.
    pub fn statement(&mut self, sql: &str) -> &mut Self {
        self.statements.push(super::sql::query(sql));
        self
    }

    /// Binds the next value, to the last statement added.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        if let Some(last) = self.statements.last_mut() {
            last.add(value);
        }
        self
    }

    /// `(?, ?), (?, ?)`: the placeholders of `count` rows of `width` values, for one
    /// statement inserting many rows.
    pub fn rows(count: usize, width: usize) -> String {
        let row = format!("({})", super::sql::marks(width));
        vec![row; count].join(", ")
    }

    /// Adds every statement of `other`, after those added before.
    pub fn extend(&mut self, other: Script) {
        self.statements.extend(other.statements);
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// Runs every statement, in order, in `tx`, in one message to the database.
    pub async fn run(self, tx: &mut Tx) -> anyhow::Result<()> {
        match tx {
            Tx::Sqlite(_) => {
                let mut all = Query::default();
                for statement in self.statements {
                    all.append(statement);
                }
                if !all.sql().is_empty() {
                    all.execute(tx).await?;
                }
            }
            Tx::Postgres(_) => {
                let all: Vec<String> = self.statements.iter().map(Query::inlined).collect();
                if !all.is_empty() {
                    super::sql::batch(&all.join(";\n"), tx).await?;
                }
            }
        }
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
