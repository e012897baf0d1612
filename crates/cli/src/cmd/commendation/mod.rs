//! The commendation area's commands (`dangvu commend …`): eligibility for titles and awards,
//! records of awards, dossiers and their appraisal, and the statistics.

pub mod eligible;

use clap::Subcommand;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum CommendCommand {
    /// Xét danh hiệu thi đua, hình thức khen thưởng được đề nghị trong một năm, kèm lý do (eligibility)
    Eligible(eligible::EligibleArgs),
}

pub async fn run(_db: &str, c: CommendCommand) -> Result<(), CliError> {
    match c {
        CommendCommand::Eligible(a) => eligible::run(a),
    }
}
