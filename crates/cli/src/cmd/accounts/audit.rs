//! `dangvu audit`: the latest entries of the audit log (who, when, which record, before and
//! after). Nothing can edit them.

use clap::Args;

use crate::error::CliError;

#[derive(Args)]
pub struct AuditArgs {
    /// Chỉ loại bản ghi này, ví dụ organization, person (entity filter)
    #[arg(long)]
    entity: Option<String>,
    /// Số dòng (how many)
    #[arg(long, default_value_t = 20)]
    limit: u64,
}

pub async fn run(url: &str, a: AuditArgs) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    for e in db.audit_entries(a.entity.as_deref(), a.limit).await? {
        // A refusal stands for every refusal of its kind by that user within the hour.
        let times = match e.times {
            1 => String::new(),
            n => format!(" ({n} lần trong giờ)"),
        };
        println!(
            "{} {:<16} {:<10} {}:{} {}{times}",
            e.at.format("%d/%m/%Y %H:%M:%S"),
            e.actor,
            e.action,
            e.entity,
            e.entity_id,
            e.after.map(|j| j.to_string()).unwrap_or_default()
        );
    }
    Ok(())
}
