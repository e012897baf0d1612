//! `dangvu congress`: the season plan and its progress, the congress record, elections in the
//! rules' order, ballot entry by two counters and closing a round — thin over `db::congress`.
//! One function per subcommand: the plan in `plan`, the record in `record`, elections and
//! rounds in `election`, ballot entry in `ballot`.

mod ballot;
pub mod doc;
mod election;
mod plan;
mod record;
pub mod tally;

use clap::Subcommand;
use db::Actor;

use crate::error::CliError;

#[derive(Subcommand)]
pub enum CongressCommand {
    /// Lập kế hoạch đại hội của cấp trên (create a season plan)
    Plan(plan::PlanArgs),
    /// Tiến độ đại hội theo kế hoạch: x/y đã tổ chức, quá hạn trước (season progress)
    Progress(plan::ProgressArgs),
    /// Tạo đại hội: số thứ tự nối tiếp, danh sách triệu tập lấy từ sổ đảng viên (add a congress)
    Add(record::AddArgs),
    /// Xem đại hội: triệu tập, có mặt, văn bản, các cuộc bầu cử (show a congress)
    Show {
        org: String,
        /// Lần thứ, mặc định đại hội gần nhất
        #[arg(long)]
        ordinal: Option<u32>,
        /// In JSON: lần thứ, nhiệm kỳ, ngày khai mạc, trạng thái, số người trúng cử
        #[arg(long)]
        json: bool,
    },
    /// Ghi tình trạng có mặt của một người được triệu tập (record presence)
    Presence(record::PresenceArgs),
    /// Bầu Ban kiểm phiếu: họ tên các thành viên (set the counting board)
    Board { org: String, names: Vec<String> },
    /// Mở cuộc bầu cử theo thứ tự quy chế (open an election)
    Election(election::ElectionArgs),
    /// Đại hội quyết định bầu tiếp vòng sau (hold the next round)
    NextRound {
        /// Vòng bầu vừa kết thúc: số hiệu hoặc mã như CB-SNV/V/committee/1
        round: String,
        #[arg(long)]
        issued: u64,
    },
    /// Nhập phiếu: mỗi dòng là các số thứ tự tên bị gạch, "k" nếu không hợp lệ (enter ballots)
    Ballot {
        round: String,
        /// Người nhập: 1 hoặc 2 (nhập hai lần độc lập)
        #[arg(long)]
        counter: u8,
        /// Các phiếu; không có thì đọc từng dòng ở đầu vào chuẩn ("u" xóa phiếu vừa nhập)
        lines: Vec<String>,
        /// Xóa phiếu nhập sau cùng
        #[arg(long)]
        undo: bool,
    },
    /// Kết thúc kiểm phiếu một vòng khi hai lần nhập khớp nhau (close a round)
    Close { round: String },
    /// Biên bản kiểm phiếu của một vòng đã kết thúc, .docx hoặc .pdf (counting minutes)
    Minutes(election::MinutesArgs),
}

/// Opens the database and hands the subcommand to its function.
pub async fn run(url: &str, c: CongressCommand) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let actor = Actor::cli();
    match c {
        CongressCommand::Plan(a) => plan::plan(&db, &actor, a).await,
        CongressCommand::Progress(a) => plan::progress(&db, a).await,
        CongressCommand::Add(a) => record::add(&db, &actor, a).await,
        CongressCommand::Show { org, ordinal, json } => {
            record::show(&db, &org, ordinal, json).await
        }
        CongressCommand::Presence(a) => record::presence(&db, &actor, a).await,
        CongressCommand::Board { org, names } => record::board(&db, &actor, &org, &names).await,
        CongressCommand::Election(a) => election::election(&db, &actor, a).await,
        CongressCommand::NextRound { round, issued } => {
            election::next_round(&db, &actor, &round, issued).await
        }
        CongressCommand::Ballot {
            round,
            counter,
            lines,
            undo,
        } => ballot::ballot(&db, &actor, &round, counter, lines, undo).await,
        CongressCommand::Minutes(a) => election::minutes(&db, a).await,
        CongressCommand::Close { round } => election::close(&db, &actor, &round).await,
    }
}
