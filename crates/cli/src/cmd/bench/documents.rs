//! `dangvu bench`, issue 14: the draft political report of the synthetic province — its facts
//! read from the database (structure, each year's figures, the review, the awards), its text
//! and the .docx — timed whole, against the goal of 5 s; and the register of the province.

use std::time::Instant;

use chrono::NaiveDate;

use super::measure::{median, ms};
use crate::error::CliError;

/// Times the political report of `root` and its register.
pub async fn run(db: &db::Db, root: &str, today: NaiveDate, runs: usize) -> Result<(), CliError> {
    let mut whole = Vec::new();
    let mut read = Vec::new();
    let mut bytes = 0;
    let runs = runs.clamp(1, 5);
    for _ in 0..runs {
        let t = Instant::now();
        let facts = web::political_report::facts(db, root, today).await?;
        read.push(t.elapsed());
        let (subject, body) = reports::documents::political::political_report(&facts);
        let doc = reports::documents::PartyDoc {
            superior: String::new(),
            organization: facts.organization.clone(),
            place: "Tỉnh".into(),
            date: None,
            symbol: None,
            kind: domain::register::org::DocKind::BC,
            issuer: "TU".into(),
            subject,
            body,
            signature_titles: vec!["T/M BAN THƯỜNG VỤ".into(), "BÍ THƯ".into()],
            signer: None,
            recipients: vec!["- Lưu Văn phòng.".into()],
        };
        let docx = doc
            .to_document()
            .and_then(|d| d.to_docx())
            .map_err(|e| CliError::Failure(e.to_string()))?;
        bytes = docx.len();
        whole.push(t.elapsed());
    }
    let (cold, cold_read) = (whole[0], read[0]);
    println!(
        "\n[văn bản] báo cáo chính trị dự thảo của tỉnh (.docx {} KB): lần đầu {} (đọc số liệu {}); các lần sau, số liệu đã nhớ: {} (mục tiêu dưới 5.000 ms)",
        bytes / 1024,
        ms(cold),
        ms(cold_read),
        ms(median(whole))
    );
    let t = Instant::now();
    let rows = db.doc_register(root, &db::DocFilter::default()).await?;
    println!(
        "[văn bản] sổ văn bản của tỉnh: {} văn bản, {}",
        rows.len(),
        ms(t.elapsed())
    );
    Ok(())
}
