//! `dangvu doc`: the document register (CONTRACTS.md "`dangvu doc register`") — list, record a
//! document that carries its number, number a draft, print one — and the congress documents
//! made from a JSON file (`congress::doc`: minutes, ballot papers, the draft article).

mod register;

use clap::Subcommand;

use crate::cmd::congress::doc::{self as congress_doc, DocArgs};
use crate::error::CliError;

pub use register::{RecordArgs, RegisterArgs};

#[derive(Subcommand)]
pub enum DocCommand {
    /// Biên bản kiểm phiếu một vòng bầu (.docx hoặc .pdf); tệp JSON gồm thông tin biên bản và
    /// "tally" như đầu vào của `dangvu tally` (counting minutes)
    Minutes(DocArgs),
    /// Phiếu bầu của một vòng bầu (.pdf) (ballot papers)
    Ballot(DocArgs),
    /// Bản thảo tin bài về đại hội (.md; in ra màn hình nếu không có --out) (draft article)
    Article(DocArgs),
    /// Sổ văn bản của một tổ chức: văn bản đi và đến, mới nhất trước (the register)
    Register(RegisterArgs),
    /// Vào sổ một văn bản đã có số: văn bản đến, hoặc văn bản đi ban hành trước khi dùng
    /// dangvu (record a numbered document)
    Record(RecordArgs),
    /// Cấp số cho một dự thảo: số tiếp theo của sổ, không gõ tay (number a draft)
    /// Dự thảo báo cáo chính trị trình đại hội tới, lập từ số liệu (.docx, .pdf hoặc .txt)
    /// (the draft political report)
    Report {
        /// Mã tổ chức
        #[arg(long)]
        org: String,
        /// Tệp kết quả (.docx, .pdf, .txt); không có thì in văn bản ra màn hình
        #[arg(long, short)]
        out: Option<String>,
    },
    Issue {
        /// Mã văn bản (số trong cột "Mã" của sổ)
        #[arg(long)]
        id: i32,
        /// Ngày ký YYYY-MM-DD
        #[arg(long)]
        date: String,
    },
}

pub async fn run(db: &str, c: DocCommand) -> Result<(), CliError> {
    match c {
        DocCommand::Minutes(a) => congress_doc::minutes(a),
        DocCommand::Ballot(a) => congress_doc::ballot(a),
        DocCommand::Article(a) => congress_doc::article(a),
        DocCommand::Register(a) => register::list(db, a).await,
        DocCommand::Record(a) => register::record(db, a).await,
        DocCommand::Issue { id, date } => register::issue(db, id, &date).await,
        DocCommand::Report { org, out } => register::report(db, &org, out.as_deref()).await,
    }
}
