//! Backups: SQLite's `VACUUM INTO` writes a consistent copy while the database is in use;
//! PostgreSQL is backed up with its own tool, `pg_dump`.

use std::path::Path;

use sea_orm::ConnectionTrait;

use crate::error::{DbError, Result};
use crate::{Backend, Db};

impl Db {
    pub async fn backup(&self, to: &Path) -> Result<()> {
        match self.backend() {
            Backend::Sqlite => {
                if to.exists() {
                    return Err(DbError::Invalid(format!("tệp '{}' đã tồn tại; hãy chọn tên khác", to.display())));
                }
                let path = to.to_string_lossy().replace('\'', "''");
                self.conn.execute_unprepared(&format!("VACUUM INTO '{path}'")).await?;
                Ok(())
            }
            Backend::Postgres => Err(DbError::Unsupported(
                "cơ sở dữ liệu PostgreSQL được sao lưu bằng công cụ của PostgreSQL: pg_dump --format=custom --file=dangvu.dump <địa chỉ cơ sở dữ liệu>".into(),
            )),
        }
    }
}
