//! One module per command of the `dangvu` binary; each is a thin shell that parses its
//! arguments, calls `db`/`reports`/`domain`, and prints in Vietnamese.

pub mod admission;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod bench_congress;
pub mod bench_review;
pub mod congress;
pub mod demo;
pub mod doc;
pub mod files;
pub mod gen_data;
pub mod gen_life;
pub mod meeting;
pub mod member;
pub mod org;
pub mod rating;
pub mod review;
pub mod serve;
pub mod setting;
pub mod stats;
pub mod study;
pub mod tally;
pub mod user;

use crate::error::CliError;

/// Opens (creating and migrating) the database named by `--db`.
pub async fn open(url: &str) -> Result<db::Db, CliError> {
    Ok(db::Db::connect(url).await?)
}
