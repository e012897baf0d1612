//! `dangvu setting`: read and change settings such as the age brackets of statistics.

use clap::Subcommand;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum SettingCommand {
    /// Xem mốc tuổi thống kê (show age brackets)
    AgeBrackets,
    /// Đặt mốc tuổi, ví dụ 35,41,51,60 (set age brackets)
    SetAgeBrackets { bounds: String },
}

pub async fn run(url: &str, c: SettingCommand) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    match c {
        SettingCommand::AgeBrackets => {
            let b = db.age_brackets().await?;
            println!("{}", b.labels().join("; "));
        }
        SettingCommand::SetAgeBrackets { bounds } => {
            let b = domain::register::stats::AgeBrackets::parse(&bounds)
                .map_err(|e| CliError::bad(e.to_string()))?;
            let value = b
                .bounds()
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",");
            db.set_setting(&db::Actor::cli(), "stats.age_brackets", &value)
                .await?;
            println!("Đã đặt mốc tuổi: {}", b.labels().join("; "));
        }
    }
    Ok(())
}
