//! `dangvu congress election`, `next-round`, `close` and `minutes`: elections opened in the
//! rules' order, the rounds after the first, closing a round and its counting minutes.

use clap::Args;
use db::{Actor, Db, NewCandidate, RoundRow};
use domain::congress::ElectionKind;

use crate::error::CliError;

/// The arguments of `congress election`.
#[derive(Args)]
pub struct ElectionArgs {
    org: String,
    /// committee, secretary, deputy, delegates, alternates
    kind: String,
    #[arg(long)]
    seats: usize,
    /// Họ tên người trong danh sách bầu cử, theo thứ tự trên phiếu (lặp lại)
    #[arg(long = "candidate", required = true)]
    candidates: Vec<String>,
    /// Người được giới thiệu tại đại hội, "Họ và tên: số người giới thiệu" (lặp lại)
    #[arg(long = "floor")]
    floor: Vec<String>,
    /// Số phiếu phát ra
    #[arg(long)]
    issued: u64,
}

/// The arguments of `congress minutes`.
#[derive(Args)]
pub struct MinutesArgs {
    round: String,
    /// Tệp ra: BIEN-BAN.docx hoặc BIEN-BAN.pdf
    #[arg(long)]
    out: String,
    /// Số biên bản trong sổ văn bản của đại hội, ví dụ 05-BB/ĐH
    #[arg(long)]
    number: Option<String>,
    /// Giờ kiểm phiếu xong, ví dụ "16 giờ 30"
    #[arg(long)]
    time: Option<String>,
}

/// `congress election`: opens an election of the latest congress with its listed candidates
/// and those nominated from the floor, and prints its first round.
pub async fn election(db: &Db, actor: &Actor, a: ElectionArgs) -> Result<(), CliError> {
    let id = db.find_congress(&a.org, None).await?;
    let kind = &a.kind;
    let k = ElectionKind::parse(kind).ok_or_else(|| {
        CliError::bad(format!(
            "'{kind}' không phải cuộc bầu cử; dùng {}",
            ElectionKind::ALL.map(ElectionKind::key).join(", "),
            kind = domain::text::excerpt(kind)
        ))
    })?;
    let cands = candidates(&a.candidates, &a.floor)?;
    let (r, warning) = db
        .open_election(actor, id, k, a.seats, &cands, a.issued)
        .await?;
    if let Some(w) = warning {
        println!("Cảnh báo: {w}");
    }
    print_round_opened(&r);
    Ok(())
}

/// The ballot's names: the listed candidates in order, then the floor nominations
/// ("Họ và tên: số người giới thiệu") with their support.
fn candidates(listed: &[String], floor: &[String]) -> Result<Vec<NewCandidate>, CliError> {
    let mut cands: Vec<NewCandidate> = listed.iter().map(|n| NewCandidate::listed(n)).collect();
    for f in floor {
        let (name, support) = domain::congress::parse_floor_nomination(f)
            .map_err(|e| CliError::bad(format!("--floor: {e}")))?;
        cands.push(NewCandidate {
            name,
            floor_support: Some(support),
        });
    }
    Ok(cands)
}

/// `congress next-round`: the congress decides to vote again after `round`.
pub async fn next_round(db: &Db, actor: &Actor, round: &str, issued: u64) -> Result<(), CliError> {
    let r = db.round(db.find_round(round).await?).await?;
    let next = db.open_next_round(actor, r.election_id, issued).await?;
    print_round_opened(&next);
    Ok(())
}

/// `congress minutes`: writes the counting minutes of a closed round as .docx or .pdf.
pub async fn minutes(db: &Db, a: MinutesArgs) -> Result<(), CliError> {
    let id = db.find_round(&a.round).await?;
    let minutes = web::congress_docs::counting_minutes(db, id, a.number, a.time)
        .await
        .map_err(|e| match e {
            web::congress_docs::DocsError::Db(e) => CliError::from(e),
            web::congress_docs::DocsError::Refused(m) => CliError::bad(m),
            web::congress_docs::DocsError::Failure(m) => CliError::Failure(m),
        })?;
    super::doc::write_document(&a.out, &minutes)
}

/// `congress close`: ends the count of a round whose two entries agree, and prints its result.
pub async fn close(db: &Db, actor: &Actor, round: &str) -> Result<(), CliError> {
    let id = db.find_round(round).await?;
    let r = db.close_round(actor, id).await?;
    if let Some(res) = &r.result {
        crate::cmd::print_json(res);
    }
    Ok(())
}

/// The round just opened: its title and code (to name it in later commands), the seats, ballots and base, and the
/// names in ballot order.
fn print_round_opened(r: &RoundRow) {
    println!(
        "Đã mở {} [{}]: {} người, bầu {}, phát {} phiếu, căn cứ {}.",
        r.title,
        r.code,
        r.candidates.len(),
        r.seats,
        r.ballots_issued,
        r.base
    );
    for (i, n) in r.candidates.iter().enumerate() {
        println!("  {}. {n}", i + 1);
    }
}
