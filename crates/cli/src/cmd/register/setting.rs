//! `dangvu setting`: read and change settings such as the age brackets of statistics.

use clap::Subcommand;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum SettingCommand {
    /// Xem mốc tuổi thống kê (show age brackets)
    AgeBrackets,
    /// Đặt mốc tuổi, ví dụ 35,41,51,60 (set age brackets)
    SetAgeBrackets { bounds: String },
    /// Xem các quy định có hiệu lực theo ngày (tỷ lệ hoàn thành xuất sắc, giới thiệu tại đại hội…)
    Rules,
    /// Đặt một quy định theo ngày, ví dụ: rules.excellent_cap_percent "20; từ 01/07/2025: 15"
    SetRule { key: String, value: String },
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
        SettingCommand::Rules => {
            for r in domain::dated::RULES {
                let v = db.dated_rule(&r).await?;
                println!(
                    "{} = {}  ({}; mặc định {} theo {})",
                    r.key,
                    v.to_text(),
                    r.label,
                    r.defaults().to_text(),
                    r.source
                );
            }
        }
        SettingCommand::SetRule { key, value } => {
            let v = db.set_dated_rule(&db::Actor::cli(), &key, &value).await?;
            println!("Đã đặt {}: {}", key.trim(), v.to_text());
        }
    }
    Ok(())
}
