//! The register of a large subtree read a group of organizations at a time, for a file too
//! large to build in memory (a country's 5,6 million members): organizations in the tree's
//! order, each one's members in Vietnamese name order.

use std::collections::HashMap;

use crate::Db;
use crate::error::Result;
use crate::register::members::{MemberRow, RegisterQuery, RegisterScope, member_row};
use crate::sql::all;

/// How many organizations one read of [`Db::register_by_org`] covers, unless asked otherwise.
pub const ORGS_PER_READ: usize = 500;

impl Db {
    /// The register of `q` (its search and staff choice included), organization by
    /// organization in the order of [`Db::tree`], each one's members in Vietnamese name order,
    /// handed to `sink` one group of `orgs_per_read` organizations at a time
    /// ([`ORGS_PER_READ`]); returns how many lines. The lines are those of [`Db::register`],
    /// in another order.
    pub async fn register_by_org(
        &self,
        q: &RegisterQuery,
        orgs_per_read: usize,
        sink: &mut (dyn FnMut(&[MemberRow]) -> Result<()> + Send),
    ) -> Result<u64> {
        // The tree starts at its root (depth first).
        let tree = self.tree_shared(&q.org, Some(q.on)).await?;
        let Some(root) = tree.first() else {
            return Ok(0);
        };
        let mut lines = 0u64;
        for group in tree.chunks(orgs_per_read.max(1)) {
            let scope = RegisterScope {
                among: Some(group.iter().map(|o| o.id).collect()),
                ..RegisterScope::of(
                    q,
                    self.backend() == crate::Backend::Sqlite,
                    root.path.clone(),
                )
            };
            let sql = scope.select_in_name_order(&scope.by_org(), "");
            let mut by_org: HashMap<String, Vec<MemberRow>> = HashMap::new();
            for r in all(&self.conn, &sql, scope.params()).await? {
                let row = member_row(&r, q.on)?;
                by_org.entry(row.org_code.clone()).or_default().push(row);
            }
            let in_order: Vec<MemberRow> = group
                .iter()
                .filter_map(|o| by_org.remove(&o.code))
                .flatten()
                .collect();
            lines += in_order.len() as u64;
            sink(&in_order)?;
        }
        Ok(lines)
    }
}
