//! Every table's rows as text, to compare two databases: a restored one with the one its
//! backup was made from (the tests of backup and restore compare them table by table).

use std::collections::BTreeMap;

use sea_orm::DbBackend;

use crate::Db;
use crate::error::Result;
use crate::sql::{all, get};

impl Db {
    /// Every table of the schema with its rows, each row its columns cast to text and joined
    /// by ` | ` (`∅` for NULL), the rows sorted.
    pub async fn table_contents(&self) -> Result<BTreeMap<String, Vec<String>>> {
        let backend = self.conn.get_database_backend();
        let (tables, columns) = match backend {
            DbBackend::Postgres => (
                "SELECT CAST(tablename AS TEXT) AS name FROM pg_tables WHERE schemaname = current_schema()",
                "SELECT CAST(column_name AS TEXT) AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            ),
            _ => (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                "SELECT name FROM pragma_table_info($1) ORDER BY cid",
            ),
        };
        let mut out = BTreeMap::new();
        for t in all(&self.conn, tables, vec![]).await? {
            let table: String = get(&t, "name")?;
            let cols = all(&self.conn, columns, vec![table.clone().into()])
                .await?
                .iter()
                .map(|c| get::<String>(c, "name"))
                .collect::<Result<Vec<_>>>()?;
            let select = cols
                .iter()
                .map(|c| format!("CAST(\"{c}\" AS TEXT)"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut rows: Vec<String> = all(
                &self.conn,
                &format!("SELECT {select} FROM \"{table}\""),
                vec![],
            )
            .await?
            .iter()
            .map(|r| {
                (0..cols.len())
                    .map(|i| {
                        r.try_get_by_index::<Option<String>>(i)
                            .ok()
                            .flatten()
                            .unwrap_or_else(|| "∅".into())
                    })
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
            rows.sort();
            out.insert(table, rows);
        }
        Ok(out)
    }
}
