//! The commendation area's commands (`dangvu commend …`): eligibility for titles and awards,
//! records of awards, dossiers and their appraisal, and the statistics.

pub mod eligible;
pub mod stats;

use clap::Subcommand;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum CommendCommand {
    /// Xét danh hiệu thi đua, hình thức khen thưởng được đề nghị trong một năm, kèm lý do (eligibility)
    Eligible(eligible::EligibleArgs),
    /// Thống kê khen thưởng của một tổ chức và cấp dưới trong một khoảng thời gian, chia tập thể, cá nhân (award statistics)
    Stats(stats::StatsArgs),
}

pub async fn run(db: &str, c: CommendCommand) -> Result<(), CliError> {
    match c {
        CommendCommand::Eligible(a) => eligible::run(a),
        CommendCommand::Stats(a) => stats::run(db, a).await,
    }
}
