//! Small reads the congress web pages need beside `congress`: the last ballot of a counter's
//! stack (shown after each entry), the congresses of an organization and the names a
//! congress document's header prints.

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

    /// The names a congress document of `org` prints in its header: the superior (the parent,
    /// or the organization itself at the top) and the province of the tree's root ("Kiên
    /// Giang" from "Đảng bộ tỉnh Kiên Giang"); the province is `None` for a root of another name.
    pub async fn issuer_names(&self, org: &str) -> Result<(String, Option<String>)> {
        let org = self.org_latest(org).await?;
        let mut superior = None;
        let mut province = None;
        let mut parent = org.parent_id;
        while let Some(pid) = parent {
            let p = self.org_by_id(pid).await?;
            if superior.is_none() {
                superior = Some(p.name.clone());
            }
            if p.parent_id.is_none() {
                province = Some(
                    p.name
                        .strip_prefix("Đảng bộ tỉnh ")
                        .or_else(|| p.name.strip_prefix("Đảng bộ thành phố "))
                        .unwrap_or(&p.name)
                        .to_string(),
                );
            }
            parent = p.parent_id;
        }
        Ok((superior.unwrap_or(org.name), province))
    }
}
