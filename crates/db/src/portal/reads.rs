//! The read counts the web server counted in memory, added to the articles in one write. Not
//! audited: a read changes nothing anyone decided (like a session), and an audit entry every
//! few seconds would bury the log and, on PostgreSQL, the cache's stamp.

use crate::Db;
use crate::error::Result;
use crate::sql::exec;

impl Db {
    /// Adds `reads` (article id, reads counted since the last batch) to the stored counts,
    /// all in one transaction: all are added or none.
    pub async fn add_article_reads(&self, reads: &[(i32, u64)]) -> Result<()> {
        if reads.is_empty() {
            return Ok(());
        }
        let tx = self.write_tx().await?;
        for (id, n) in reads {
            exec(
                &tx,
                "UPDATE portal_article SET read_count = read_count + $1 WHERE id = $2",
                vec![(*n as i64).into(), (*id).into()],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
