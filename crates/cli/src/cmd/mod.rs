//! The commands of the `dangvu` binary, one folder per area of the map in docs/DESIGN.md
//! (`register`, `congress`, `branch`, `accounts`) and the tools of the whole program (`serve`,
//! `demo`, `generate`, `bench`, `backup` with `restore`). Each command is a clap enum dispatching to one
//! function per subcommand: a thin shell that parses its arguments, calls
//! `db`/`reports`/`domain`, and prints in Vietnamese.

pub mod accounts;
pub mod backup;
pub mod bench;
pub mod branch;
pub mod check_text;
pub mod commendation;
pub mod congress;
pub mod demo;
pub mod documents;
pub mod generate;
pub mod package;
pub mod register;
pub mod serve;

use crate::error::CliError;

/// Opens (creating and migrating) the database named by `--db`.
pub async fn open(url: &str) -> Result<db::Db, CliError> {
    Ok(db::Db::connect(url).await?)
}

/// Prints `v` on stdout as pretty-printed JSON, the `--json` output of the commands (an
/// empty line if it cannot be serialized).
pub fn print_json(v: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}
