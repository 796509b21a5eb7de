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
    /// The sequence numbers the statements take, after the last the database gave.
    taken: i64,
    /// Where each sequence number is bound: its statement, and its value's place there.
    numbered: Vec<(usize, usize)>,
}

/// The SQL for a sequence number a script takes: its `?` is bound by
/// [`Script::bind_seq`]. The database's last number is moved past the script's numbers
/// once, after its statements, instead of once a change: on PostgreSQL every move of it
/// is one more version of one row that the rest of the transaction steps over.
pub const NEXT_SEQ: &str = "(SELECT seq FROM server_state WHERE id = 1) + ?";

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

    /// Takes the next sequence number, for statements to bind with [`Script::bind_seq`].
    pub fn take_seq(&mut self) -> i64 {
        self.taken += 1;
        self.taken
    }

    /// Binds the sequence number `taken` (from [`Script::take_seq`]) to the last
    /// statement added, at its [`NEXT_SEQ`].
    pub fn bind_seq(&mut self, taken: i64) -> &mut Self {
        let at = self.statements.len().checked_sub(1);
        if let Some((at, last)) = at.zip(self.statements.last_mut()) {
            self.numbered.push((at, last.bound()));
            last.add(taken);
        }
        self
    }

    /// `(?, ?), (?, ?)`: the placeholders of `count` rows of `width` values, for one
    /// statement inserting many rows.
    pub fn rows(count: usize, width: usize) -> String {
        let row = format!("({})", super::sql::marks(width));
        vec![row; count].join(", ")
    }

    /// Adds every statement of `other`, after those added before; the sequence numbers it
    /// takes come after those taken before.
    pub fn extend(&mut self, mut other: Script) {
        let first = self.statements.len();
        for &(statement, value) in &other.numbered {
            if let Some(q) = other.statements.get_mut(statement) {
                q.shift(value, self.taken);
            }
            self.numbered.push((first + statement, value));
        }
        self.taken += other.taken;
        self.statements.extend(other.statements);
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// Runs every statement, in order, in `tx`, in one message to the database.
    pub async fn run(mut self, tx: &mut Tx) -> anyhow::Result<()> {
        if self.taken > 0 {
            let taken = self.taken;
            self.statement("UPDATE server_state SET seq = seq + ? WHERE id = 1")
                .bind(taken);
        }
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
    fn sequence_numbers_follow_those_taken_before() {
        let mut first = Script::default();
        let n = first.take_seq();
        first
            .statement("INSERT INTO t (a, seq) VALUES (?, ?)")
            .bind(1)
            .bind_seq(n);
        let mut second = Script::default();
        let n = second.take_seq();
        second
            .statement("INSERT INTO t (a, seq) VALUES (?, ?)")
            .bind(2)
            .bind_seq(n);
        let n = second.take_seq();
        second
            .statement("INSERT INTO t (seq) VALUES (?)")
            .bind_seq(n);
        first.extend(second);
        let mut want = Script::default();
        for (a, seq) in [(1, 1), (2, 2)] {
            want.statement("INSERT INTO t (a, seq) VALUES (?, ?)")
                .bind(a)
                .bind(seq);
        }
        want.statement("INSERT INTO t (seq) VALUES (?)").bind(3);
        assert_eq!(first.statements, want.statements);
        assert_eq!(first.taken, 3);
    }

    #[test]
    fn rows_have_a_placeholder_per_value() {
        assert_eq!(Script::rows(2, 3), "(?, ?, ?), (?, ?, ?)");
        assert_eq!(Script::rows(1, 1), "(?)");
    }
}
