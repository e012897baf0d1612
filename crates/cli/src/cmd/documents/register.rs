//! `dangvu doc register`, `doc record` and `doc issue`: the same repository functions
//! (`db::documents`) as the register's page.

use clap::Args;
use serde_json::json;

use db::{Actor, DocFile, DocFilter, NewDocument};
use domain::documents::Direction;
use domain::text::format_date;

use crate::cmd::{open, print_json};
use crate::error::{CliError, parse_date_arg};

#[derive(Args)]
pub struct RegisterArgs {
    /// Mã tổ chức
    #[arg(long)]
    org: String,
    /// Loại văn bản: NQ, QĐ, QĐi, CT, KL, QC, HD, BC, KH, CTr, TB, TTr, BB, CV
    #[arg(long)]
    kind: Option<String>,
    /// Tìm theo số, ký hiệu hoặc trích yếu (không phân biệt dấu, hoa thường)
    #[arg(long)]
    search: Option<String>,
    /// Từ ngày YYYY-MM-DD
    #[arg(long)]
    from: Option<String>,
    /// Đến ngày YYYY-MM-DD
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RecordArgs {
    /// Mã tổ chức giữ sổ
    #[arg(long)]
    org: String,
    /// Số và ký hiệu, ví dụ 205-KH/ĐU
    #[arg(long)]
    symbol: String,
    /// Ngày ký YYYY-MM-DD
    #[arg(long)]
    date: String,
    /// Trích yếu nội dung
    #[arg(long)]
    subject: String,
    /// Văn bản đến (mặc định: văn bản đi của tổ chức)
    #[arg(long)]
    received: bool,
    /// Cơ quan ban hành của văn bản đến
    #[arg(long)]
    sender: Option<String>,
    /// Người ký
    #[arg(long)]
    signer: Option<String>,
    /// Tệp văn bản đính kèm (.pdf, .docx …)
    #[arg(long)]
    file: Option<String>,
    /// Văn bản liên tịch: mã các tổ chức đồng ban hành, cách nhau dấu phẩy (số theo sổ của
    /// tổ chức chủ trì --org)
    #[arg(long, value_delimiter = ',')]
    joint: Vec<String>,
}

fn actor() -> Actor {
    Actor(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "?".into())
    ))
}

pub async fn list(db: &str, a: RegisterArgs) -> Result<(), CliError> {
    let db = open(db).await?;
    let filter = DocFilter {
        kind: a.kind,
        search: a.search,
        from: a.from.map(|d| parse_date_arg("--from", &d)).transpose()?,
        to: a.to.map(|d| parse_date_arg("--to", &d)).transpose()?,
        direction: None,
    };
    let rows = db.doc_register(&a.org, &filter).await?;
    if a.json {
        let out: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({"symbol": r.symbol, "number": r.number, "kind": r.kind, "issuer": r.issuer,
                    "issuer_name": r.issuer_name, "date": r.date, "subject": r.subject,
                    "direction": r.direction.code(), "status": r.status, "id": r.id})
            })
            .collect();
        print_json(&out);
        return Ok(());
    }
    if rows.is_empty() {
        println!("Sổ văn bản của {} chưa có văn bản nào phù hợp.", a.org);
    }
    for r in &rows {
        let day = r.date.map(format_date).unwrap_or_else(|| "dự thảo".into());
        let id = r.id.map(|i| format!(" [mã {i}]")).unwrap_or_default();
        let symbol = if r.symbol.is_empty() {
            "(chưa cấp số)"
        } else {
            &r.symbol
        };
        println!(
            "{day:>10}  {:<11} {symbol:<14} {}{id}",
            r.direction.label(),
            r.subject
        );
    }
    Ok(())
}

pub async fn record(db: &str, a: RecordArgs) -> Result<(), CliError> {
    let file = match &a.file {
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| CliError::bad(format!("không đọc được tệp {path}: {e}")))?;
            let name = std::path::Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            Some(DocFile {
                media_type: domain::documents::media_type(&name).into(),
                name,
                bytes,
            })
        }
        None => None,
    };
    let db = open(db).await?;
    let new = NewDocument {
        org: a.org,
        direction: if a.received {
            Direction::Received
        } else {
            Direction::Issued
        },
        symbol: a.symbol,
        signed_on: parse_date_arg("--date", &a.date)?,
        subject: a.subject,
        issuer_name: a.sender,
        signer: a.signer,
        recipients: Vec::new(),
        congress: None,
        file,
        co_issuers: a.joint,
    };
    let id = db.record_document(&actor(), &new).await?;
    println!("Đã vào sổ văn bản (mã {id}).");
    Ok(())
}

pub async fn issue(db: &str, id: i32, date: &str) -> Result<(), CliError> {
    let on = parse_date_arg("--date", date)?;
    let db = open(db).await?;
    let symbol = db.issue_document(&actor(), id, on).await?;
    println!("Đã cấp số {symbol} ngày {}.", format_date(on));
    Ok(())
}

/// The draft political report of an organization, from its data, in the HD 36 layout.
pub async fn report(db: &str, org: &str, out: Option<&str>) -> Result<(), CliError> {
    let ext = out.map(|o| o.rsplit('.').next().unwrap_or("").to_lowercase());
    if let Some(e) = &ext
        && !["docx", "pdf", "txt"].contains(&e.as_str())
    {
        return Err(CliError::bad(format!(
            "tệp kết quả phải là .docx, .pdf hoặc .txt, không phải .{e}"
        )));
    }
    let db = open(db).await?;
    let code = org.trim().to_uppercase();
    let facts = web::political_report::facts(&db, &code, crate::error::today()).await?;
    let (subject, body) = reports::documents::political::political_report(&facts);
    let o = db.org_latest(&code).await?;
    let (superior, province) = db.issuer_names(&code).await?;
    let doc = reports::documents::PartyDoc {
        superior,
        organization: o.name.clone(),
        place: province.unwrap_or_default(),
        date: None,
        symbol: None,
        kind: domain::register::org::DocKind::BC,
        issuer: domain::documents::issuer_abbrev(o.kind).into(),
        subject,
        body,
        signature_titles: domain::documents::signature_titles(o.kind, false, false),
        signer: None,
        recipients: domain::documents::recipient_lines(&[], "Văn phòng"),
    }
    .to_document()
    .map_err(|e| CliError::bad(e.to_string()))?;
    let bytes = match ext.as_deref() {
        Some("docx") => doc.to_docx(),
        Some("pdf") => doc.to_pdf(),
        _ => Ok(doc.to_text().into_bytes()),
    }
    .map_err(|e| CliError::bad(e.to_string()))?;
    match out {
        Some(path) => {
            std::fs::write(path, bytes)
                .map_err(|e| CliError::bad(format!("không ghi được {path}: {e}")))?;
            println!("Đã ghi dự thảo báo cáo chính trị vào {path}.");
        }
        None => print!("{}", String::from_utf8_lossy(&bytes)),
    }
    Ok(())
}
