//! The commendation area's commands: `commend` (eligibility for titles and awards, dossiers and
//! their appraisal, a branch's proposal, the statistics) and `badge` (party badges: who is due on
//! an award date, awards, discipline, periods outside the party, serious illness).

pub mod badge;
pub mod eligible;
pub mod office;
pub mod stats;

use clap::Subcommand;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum CommendCommand {
    /// Xét danh hiệu thi đua, hình thức khen thưởng được đề nghị trong một năm, kèm lý do (eligibility)
    Eligible(eligible::EligibleArgs),
    /// Thẩm định mọi hồ sơ đang chờ của một tổ chức và các tổ chức trực thuộc (appraise all)
    Appraise(office::OrgArgs),
    /// Danh sách hồ sơ khen thưởng, quá hạn trước (dossiers)
    Dossiers(office::OrgArgs),
    /// Danh sách đề nghị danh hiệu của chi bộ trong năm, tính từ xếp loại (yearly proposal)
    Proposal(office::ProposalArgs),
    /// Thống kê khen thưởng của một tổ chức và cấp dưới trong một khoảng thời gian, chia tập thể, cá nhân (award statistics)
    Stats(stats::StatsArgs),
}

pub async fn run(db: &str, c: CommendCommand) -> Result<(), CliError> {
    match c {
        CommendCommand::Eligible(a) => eligible::run(a),
        CommendCommand::Appraise(a) => office::appraise(db, a).await,
        CommendCommand::Dossiers(a) => office::dossiers(db, a).await,
        CommendCommand::Proposal(a) => office::proposal(db, a).await,
        CommendCommand::Stats(a) => stats::run(db, a).await,
    }
}
