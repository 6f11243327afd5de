//! Reading the change feed (`search_changes`) in order, without missing a row.
//!
//! PostgreSQL hands out sequence numbers before commit, so a reader can see row 11 while
//! row 10's transaction is still open. A number skipped over is kept as a gap and asked for
//! again on every read until it shows up, or until `GAP_WAIT` has passed (a rolled-back
//! transaction leaves a gap for good). Everything before the oldest open gap is settled: the
//! index records that number and a restarted server reads on from it. Applying a change twice
//! does no harm (the product is read afresh), so erring towards reading again is safe.

use crate::error::AppError;
use crate::server::db::{Db, push_ids};
use crate::server::now;
use sqlx::QueryBuilder;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long a skipped number is waited for: longer than any transaction that writes products.
pub(super) const GAP_WAIT: Duration = Duration::from_secs(300);
/// Gaps watched at most (the oldest are given up beyond).
const MAX_GAPS: usize = 1000;
/// Rows read at a time.
const READ: i64 = 5000;
/// Rows are kept this long; a server that fell further behind rebuilds its index.
pub(super) const KEEP_SECS: i64 = 7 * 24 * 3600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Change {
    Product(i64),
    Rebuild,
    Synonyms,
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    kind: String,
    product_id: Option<i64>,
}

/// Where a server is in the feed.
#[derive(Debug, Default, Clone)]
pub(super) struct Feed {
    /// The highest number read.
    last: i64,
    /// Numbers below `last` not seen yet, with when they were first missed.
    gaps: BTreeMap<i64, Instant>,
    /// Rebuild requests up to this number are done: the index was rebuilt after them.
    rebuilt_through: i64,
}

impl Feed {
    /// Reading on after `settled` (everything up to it applied).
    pub fn after(settled: i64) -> Feed {
        Feed { last: settled, gaps: BTreeMap::new(), rebuilt_through: 0 }
    }

    /// Reading on after a rebuild that started reading products when `through` was the
    /// newest number, from `settled`.
    pub fn rebuilt(settled: i64, through: i64) -> Feed {
        Feed { rebuilt_through: through, ..Feed::after(settled) }
    }

    /// Every number up to this one is applied or given up.
    pub fn settled(&self) -> i64 {
        self.gaps.keys().next().map_or(self.last, |first| first - 1)
    }

    /// The changes not read yet, in order. More may be waiting when `READ` came back.
    pub async fn read(&mut self, db: &Db) -> Result<Vec<Change>, AppError> {
        let mut sql = QueryBuilder::new("SELECT seq, kind, product_id FROM search_changes WHERE seq > ");
        sql.push_bind(self.last);
        if !self.gaps.is_empty() {
            sql.push(" OR seq IN ");
            push_ids(&mut sql, &self.gaps.keys().copied().collect::<Vec<_>>());
        }
        sql.push(" ORDER BY seq LIMIT ").push_bind(READ);
        let rows: Vec<Row> = db.fetch_all(&mut sql).await?;
        Ok(self.take(rows, Instant::now()))
    }

    fn take(&mut self, rows: Vec<Row>, at: Instant) -> Vec<Change> {
        let mut changes = Vec::with_capacity(rows.len());
        for row in rows {
            if self.gaps.remove(&row.seq).is_none() {
                if row.seq <= self.last {
                    continue;
                }
                for missing in self.last + 1..row.seq {
                    self.gaps.insert(missing, at);
                }
                self.last = row.seq;
            }
            changes.push(match (row.kind.as_str(), row.product_id) {
                ("product", Some(id)) => Change::Product(id),
                ("synonyms", _) => Change::Synonyms,
                _ if row.seq <= self.rebuilt_through => continue,
                _ => Change::Rebuild,
            });
        }
        self.gaps.retain(|_, first_missed| at.duration_since(*first_missed) < GAP_WAIT);
        while self.gaps.len() > MAX_GAPS {
            self.gaps.pop_first();
        }
        changes
    }
}

/// Where a rebuild starts reading the feed afterwards: before every change of the last
/// `GAP_WAIT`, since a transaction still open when the rebuild read the products may have
/// changed one after the read. And the newest number: rebuild requests up to it are met.
pub(super) async fn rebuild_point(db: &Db) -> Result<(i64, i64), AppError> {
    let (recent, last): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT MIN(seq) FROM search_changes WHERE changed_at >= $1), (SELECT MAX(seq) FROM search_changes)",
    )
    .bind(now() - GAP_WAIT.as_secs() as i64)
    .fetch_one(db.pool())
    .await?;
    let last = last.unwrap_or(0);
    Ok((recent.map_or(last, |first| first - 1), last))
}

/// Whether an index that applied everything up to `settled` can read on from the feed: no
/// row it still needs has been deleted.
pub(super) async fn can_resume(db: &Db, settled: i64) -> Result<bool, AppError> {
    let (first, pruned): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT MIN(seq) FROM search_changes), (SELECT MAX(seq) FROM search_changes WHERE changed_at < $1)",
    )
    .bind(now() - KEEP_SECS)
    .fetch_one(db.pool())
    .await?;
    // Rows about to be pruned count as gone already.
    let oldest_kept = pruned.map_or(first, |p| Some(p + 1));
    Ok(oldest_kept.is_none_or(|oldest| settled + 1 >= oldest))
}

/// Deletes rows older than `KEEP_SECS`, keeping the newest (so the numbering carries on).
pub async fn prune(db: &Db) -> Result<u64, AppError> {
    let done = sqlx::query(
        "DELETE FROM search_changes WHERE changed_at < $1 AND seq < (SELECT MAX(seq) FROM search_changes)",
    )
    .bind(now() - KEEP_SECS)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Asks every server to rebuild its index.
pub async fn request_rebuild(db: &Db) -> Result<(), AppError> {
    sqlx::query("INSERT INTO search_changes (kind) VALUES ('rebuild')").execute(db.pool()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(seqs: &[i64]) -> Vec<Row> {
        seqs.iter().map(|seq| Row { seq: *seq, kind: "product".into(), product_id: Some(*seq * 10) }).collect()
    }

    #[test]
    fn a_late_commit_is_read_and_then_settles() {
        let t = Instant::now();
        let mut feed = Feed::after(9);
        // 10 is still open when 11 and 12 commit.
        assert_eq!(feed.take(rows(&[11, 12]), t), [Change::Product(110), Change::Product(120)]);
        assert_eq!(feed.settled(), 9);
        assert_eq!(feed.take(rows(&[10, 13]), t), [Change::Product(100), Change::Product(130)]);
        assert_eq!(feed.settled(), 13);
        // Read again, nothing repeats.
        assert!(feed.take(rows(&[12, 13]), t).is_empty());
    }

    #[test]
    fn a_gap_is_given_up_after_the_wait() {
        let t = Instant::now();
        let mut feed = Feed::after(0);
        feed.take(rows(&[1, 3]), t);
        assert_eq!(feed.settled(), 1);
        feed.take(Vec::new(), t + GAP_WAIT);
        assert_eq!(feed.settled(), 3);
    }

    #[test]
    fn a_rebuild_request_is_met_once() {
        let rebuild = |seq| Row { seq, kind: "rebuild".into(), product_id: None };
        let mut feed = Feed::rebuilt(0, 2);
        // Read again after the rebuild (it ran after request 2), only the later one counts.
        assert_eq!(feed.take(vec![rebuild(2), rebuild(3)], Instant::now()), [Change::Rebuild]);
    }

    #[test]
    fn kinds_other_than_products() {
        let mut feed = Feed::after(0);
        let rows = vec![
            Row { seq: 1, kind: "synonyms".into(), product_id: None },
            Row { seq: 2, kind: "rebuild".into(), product_id: None },
        ];
        assert_eq!(feed.take(rows, Instant::now()), [Change::Synonyms, Change::Rebuild]);
    }
}
