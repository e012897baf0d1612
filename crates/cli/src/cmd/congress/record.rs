//! `dangvu congress add`, `show`, `presence` and `board`: the congress record — its numbering
//! and summons, what it looks like, who came and the counting board.

use clap::Args;
use db::{Actor, Db, NewCongress};
use domain::congress::{CongressStatus, ElectionKind, Presence, Term, kind_label, parse_kind};
use domain::text::{format_date, format_int};

use crate::error::{CliError, parse_date_arg};

/// The arguments of `congress add`.
#[derive(Args)]
pub struct AddArgs {
    org: String,
    /// Nhiệm kỳ, ví dụ 2025-2030
    #[arg(long)]
    term: String,
    /// members (đại hội đảng viên) hoặc delegates (đại hội đại biểu)
    #[arg(long, default_value = "members")]
    kind: String,
    #[arg(long)]
    start: String,
    #[arg(long)]
    end: Option<String>,
    #[arg(long)]
    place: Option<String>,
    /// Đại biểu cấp trên dự và chỉ đạo (lặp lại)
    #[arg(long = "guest")]
    guests: Vec<String>,
    /// Đại hội điểm
    #[arg(long)]
    pilot: bool,
    /// Lần thứ, khi các đại hội trước chưa được ghi nhận (mặc định: lần trước + 1)
    #[arg(long)]
    ordinal: Option<u32>,
}

/// The arguments of `congress presence`.
#[derive(Args)]
pub struct PresenceArgs {
    org: String,
    /// Họ và tên người được triệu tập (như `congress show` in ra), hoặc mã người
    #[arg(long)]
    person: String,
    /// present, absent_with_reason, absent_without_reason, temporary_elsewhere, exempt_absent, suspended
    #[arg(long)]
    presence: String,
    /// Lý do vắng, với absent_with_reason (the reason of an excused absence)
    #[arg(long)]
    reason: Option<String>,
}

/// `congress add`: creates the next congress of the organization with its summons list.
pub async fn add(db: &Db, actor: &Actor, a: AddArgs) -> Result<(), CliError> {
    let AddArgs {
        org,
        term,
        kind,
        start,
        end,
        place,
        guests,
        pilot,
        ordinal,
    } = a;
    let starts_on = parse_date_arg("--start", &start)?;
    let c = db
        .create_congress_numbered(
            actor,
            &NewCongress {
                org,
                term: Term::parse(&term).map_err(|e| CliError::bad(format!("--term: {e}")))?,
                kind: parse_kind(&kind).ok_or_else(|| {
                    CliError::bad(format!(
                        "--kind: '{kind}' không có; dùng members (đại hội đảng viên) hoặc delegates (đại hội đại biểu)",
                        kind = domain::text::excerpt(&kind)
                    ))
                })?,
                starts_on,
                ends_on: match end {
                    Some(e) => parse_date_arg("--end", &e)?,
                    None => starts_on,
                },
                place,
                guests,
                pilot,
            },
            ordinal,
        )
        .await?;
    println!(
        "Đã tạo {}: triệu tập {} đảng viên ({} chính thức, {} dự bị).",
        c.title,
        c.summoned.summoned(),
        c.summoned.official.len(),
        c.summoned.probationary.len()
    );
    Ok(())
}

/// `congress show`: the congress, its summons and presence, documents, counting board and
/// elections with their rounds.
pub async fn show(db: &Db, org: &str, ordinal: Option<u32>, json: bool) -> Result<(), CliError> {
    let id = db.find_congress(org, ordinal).await?;
    let c = db.congress(id).await?;
    let elections = db.elections(id).await?;
    if json {
        let v = show_json(&c, &elections, crate::error::today());
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| CliError::Failure(e.to_string()))?
        );
        return Ok(());
    }
    print_congress(&c);
    print_elections(&elections);
    Ok(())
}

/// The congress as the JSON of CONTRACTS.md: its number, term, opening day, status on `today`
/// and how many were elected so far in each election.
pub fn show_json(
    c: &db::CongressRow,
    elections: &[db::ElectionRow],
    today: chrono::NaiveDate,
) -> serde_json::Value {
    let open_rounds = elections
        .iter()
        .flat_map(|e| &e.rounds)
        .any(|r| r.status != "closed");
    let status = CongressStatus::of(c.starts_on, c.ends_on, today, open_rounds);
    let mut elected = serde_json::Map::new();
    for kind in ElectionKind::ALL {
        let n: usize = elections
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.elected.len())
            .sum();
        elected.insert(kind.key().into(), n.into());
    }
    serde_json::json!({
        "org": c.org_code,
        "ordinal": c.ordinal,
        "title": c.title,
        "term": format!("{}-{}", c.term.from, c.term.to),
        "opened": c.starts_on.to_string(),
        "closed_on": c.ends_on.to_string(),
        "status": status.key(),
        "pilot": c.pilot,
        "summoned": c.summoned.summoned(),
        "present": c.summoned.present(),
        "elected": elected,
    })
}

/// The congress itself: title, date and place, guests, the summons with each person's
/// presence, its documents and counting board.
fn print_congress(c: &db::CongressRow) {
    println!("{} ({})", c.title, kind_label(c.kind));
    println!(
        "Ngày {}{}",
        format_date(c.starts_on),
        c.place
            .as_deref()
            .map(|p| format!(", tại {p}"))
            .unwrap_or_default()
    );
    if !c.guests.is_empty() {
        println!("Dự và chỉ đạo: {}", c.guests.join("; "));
    }
    let base = c
        .summoned
        .base_spec(c.kind)
        .base()
        .map(|b| format_int(b.get() as i64))
        .unwrap_or_else(|e| e.to_string());
    println!(
        "Triệu tập {} ({} chính thức, {} dự bị); có mặt {}; căn cứ tính kết quả bầu cử {}",
        c.summoned.summoned(),
        c.summoned.official.len(),
        c.summoned.probationary.len(),
        c.summoned.present(),
        base
    );
    for (i, a) in c
        .summoned
        .official
        .iter()
        .chain(&c.summoned.probationary)
        .enumerate()
    {
        let status = match a.status {
            domain::register::member::MemberStatus::Official => "chính thức",
            domain::register::member::MemberStatus::Probationary => "dự bị",
        };
        let reason = a
            .absence_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        println!(
            "  {:>3}. {} — {status}, {}{reason}",
            i + 1,
            a.name,
            a.presence.label()
        );
    }
    for d in &c.documents {
        println!("Văn bản số {}: {}", d.symbol, d.title);
    }
    if !c.counting_board.is_empty() {
        println!("Ban kiểm phiếu: {}", c.counting_board.join(", "));
    }
}

/// The congress's elections: who was elected, and each round's state and entry progress.
fn print_elections(elections: &[db::ElectionRow]) {
    for e in elections {
        let mut label = e.label.chars();
        let label: String = label
            .next()
            .into_iter()
            .flat_map(char::to_uppercase)
            .chain(label)
            .collect();
        println!(
            "{} ({} người): {}",
            label,
            e.seats,
            if e.elected.is_empty() {
                "chưa có người trúng cử".to_string()
            } else {
                format!("trúng cử {}", e.elected.join(", "))
            }
        );
        for r in &e.rounds {
            println!(
                "  vòng {} [{}]: {} — nhập {}/{} và {}/{} phiếu",
                r.number,
                r.code,
                if r.status == "closed" {
                    "đã kết thúc"
                } else {
                    "đang kiểm phiếu"
                },
                r.entered[0],
                r.ballots_issued,
                r.entered[1],
                r.ballots_issued
            );
        }
    }
}

/// `congress presence`: records one summoned person's presence at the latest congress.
pub async fn presence(db: &Db, actor: &Actor, a: PresenceArgs) -> Result<(), CliError> {
    let PresenceArgs {
        org,
        person,
        presence,
        reason,
    } = a;
    let id = db.find_congress(&org, None).await?;
    let person = summoned_person(db, id, &person).await?;
    let p = Presence::parse(&presence).ok_or_else(|| {
        CliError::bad(format!(
            "--presence: '{presence}' không có; dùng {}",
            Presence::ALL.map(Presence::key).join(", "),
            presence = domain::text::excerpt(&presence)
        ))
    })?;
    db.set_presence(actor, id, person, p, reason.as_deref())
        .await?;
    match reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => println!("Đã ghi: {} ({r}).", p.label()),
        None => println!("Đã ghi: {}.", p.label()),
    }
    Ok(())
}

/// The summoned person named (diacritics and case aside) or numbered by `raw`.
async fn summoned_person(db: &Db, congress: i32, raw: &str) -> Result<i32, CliError> {
    let c = db.congress(congress).await?;
    let all: Vec<_> = c
        .summoned
        .official
        .iter()
        .chain(&c.summoned.probationary)
        .collect();
    if let Ok(id) = raw.trim().parse::<i32>()
        && all.iter().any(|a| a.person_id == id)
    {
        return Ok(id);
    }
    let key = domain::text::search_key(raw);
    let found: Vec<_> = all
        .iter()
        .filter(|a| domain::text::search_key(&a.name) == key)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.person_id),
        [] => Err(CliError::bad(format!(
            "--person: không có ai tên '{}' trong danh sách triệu tập",
            domain::text::normalize(raw)
        ))),
        many => Err(CliError::bad(format!(
            "--person: có {} người tên '{}' trong danh sách triệu tập; hãy ghi mã người ({})",
            many.len(),
            domain::text::normalize(raw),
            many.iter()
                .map(|a| a.person_id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// `congress board`: sets the counting board of the latest congress.
pub async fn board(db: &Db, actor: &Actor, org: &str, names: &[String]) -> Result<(), CliError> {
    let id = db.find_congress(org, None).await?;
    db.set_counting_board(actor, id, names).await?;
    println!("Ban kiểm phiếu: {}", names.join(", "));
    Ok(())
}
