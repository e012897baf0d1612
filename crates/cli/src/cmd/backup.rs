//! `dangvu backup FILE`: a consistent copy of a SQLite database (`VACUUM INTO`) or a
//! PostgreSQL dump (`pg_dump`, custom format).

use std::path::PathBuf;

use clap::Args;

use crate::error::CliError;

#[derive(Args)]
pub struct BackupArgs {
    /// Tệp sao lưu sẽ tạo (backup file to create)
    file: PathBuf,
}

pub async fn run(url: &str, a: BackupArgs) -> Result<(), CliError> {
    let db = super::open(url).await?;
    db.backup(&db::Actor::cli(), &a.file).await?;
    println!("Đã sao lưu vào {}", a.file.display());
    Ok(())
}
