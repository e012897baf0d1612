//! Small reads the congress web pages need beside `congress`: the last ballot of a counter's
//! stack (shown after each entry) and the congresses of an organization.

use domain::congress::EnteredBallot;

use crate::Db;
use crate::error::Result;
use crate::sql::{all, get, one};

impl Db {
    /// The last ballot of `counter`'s stack in a round, with its number in the stack (from 1).
    pub async fn last_ballot(
        &self,
        round: i32,
        counter: u8,
    ) -> Result<Option<(usize, EnteredBallot)>> {
        let row = one(
            &self.conn,
            "SELECT seq, payload FROM ballot_entry WHERE round_id = $1 AND counter = $2 ORDER BY seq DESC LIMIT 1",
            vec![round.into(), i32::from(counter).into()],
        )
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let seq: i32 = get(&row, "seq")?;
        let payload: String = get(&row, "payload")?;
        Ok(EnteredBallot::from_canonical(&payload).map(|b| (seq.max(0) as usize, b)))
    }

    /// The congresses of an organization, latest first: (id, ordinal, starts on).
    pub async fn congresses_of(&self, org: &str) -> Result<Vec<(i32, u32, chrono::NaiveDate)>> {
        all(
            &self.conn,
            "SELECT c.id, c.ordinal, c.starts_on FROM congress c JOIN organization o ON o.id = c.org_id \
             WHERE o.code = $1 ORDER BY c.ordinal DESC",
            vec![org.trim().to_uppercase().into()],
        )
        .await?
        .iter()
        .map(|r| {
            Ok((
                get(r, "id")?,
                get::<i32>(r, "ordinal")?.max(0) as u32,
                get(r, "starts_on")?,
            ))
        })
        .collect()
    }
}
