//! `dangvu member`: the register of a subtree on a date (with diacritic-insensitive search),
//! a member's profile and timeline, and dated events such as transfers.

use clap::{Subcommand, ValueEnum};
use domain::register::lifecycle::{LeaveForm, MemberEvent};
use domain::register::member::CardNumber;

use super::org::DecisionArgs;
use crate::error::{CliError, parse_date_arg, today};

#[derive(Clone, Copy, ValueEnum)]
pub enum EventKind {
    /// Công nhận chính thức
    Official,
    /// Chuyển sinh hoạt đảng (cần --to)
    Transfer,
    /// Sinh hoạt tạm thời (cần --to)
    Attach,
    /// Kết thúc sinh hoạt tạm thời
    Detach,
    /// Miễn sinh hoạt
    Exempt,
    /// Trở lại sinh hoạt
    Unexempt,
    /// Từ trần
    Died,
    /// Xin ra khỏi Đảng
    Resigned,
    /// Xóa tên
    Removed,
    /// Khai trừ
    Expelled,
}

#[derive(Subcommand)]
pub enum MemberCommand {
    /// Danh sách đảng viên của một tổ chức (cả cấp dưới) vào một ngày (list)
    List {
        #[arg(long)]
        org: String,
        #[arg(long)]
        as_of: Option<String>,
        /// Tìm theo tên, không cần dấu: "nguyen van"
        #[arg(long)]
        search: Option<String>,
        /// Gồm cả quần chúng (include non-member staff)
        #[arg(long)]
        all: bool,
    },
    /// Hồ sơ và quá trình của một đảng viên theo số thẻ (profile and timeline)
    Show { card: String },
    /// Ghi một sự kiện: chuyển sinh hoạt, miễn sinh hoạt, từ trần… (record an event)
    Event {
        /// Số thẻ đảng viên
        card: String,
        #[arg(value_enum)]
        kind: EventKind,
        /// Ngày YYYY-MM-DD
        #[arg(long)]
        on: String,
        /// Tổ chức chuyển đến (for transfer/attach)
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        decision: DecisionArgs,
    },
}

fn card(raw: &str) -> Result<CardNumber, CliError> {
    CardNumber::parse(raw).map_err(|e| CliError::bad(format!("số thẻ đảng viên: {e}")))
}

/// Hands the subcommand to its function.
pub async fn run(url: &str, c: MemberCommand) -> Result<(), CliError> {
    match c {
        MemberCommand::List {
            org,
            as_of,
            search,
            all,
        } => list(url, org, as_of, search, all).await,
        MemberCommand::Show { card } => show(url, &card).await,
        MemberCommand::Event {
            card,
            kind,
            on,
            to,
            decision,
        } => event(url, &card, kind, &on, to, &decision).await,
    }
}

/// `member list`: the people of an organization and its subtree on a date, one line each.
async fn list(
    url: &str,
    org: String,
    as_of: Option<String>,
    search: Option<String>,
    all: bool,
) -> Result<(), CliError> {
    let on = match as_of {
        Some(s) => parse_date_arg("--as-of", &s)?,
        None => today(),
    };
    let db = crate::cmd::open(url).await?;
    let rows = db
        .register(&db::RegisterQuery {
            org,
            on,
            search,
            include_non_members: all,
        })
        .await?;
    for (i, m) in rows.iter().enumerate() {
        let card = m
            .record
            .membership
            .as_ref()
            .and_then(|x| x.card_number.as_ref())
            .map(|c| c.as_str())
            .unwrap_or("");
        let status = m.status.map(|s| s.label()).unwrap_or("Quần chúng");
        println!(
            "{:>4}. {:<30} {:>10}  {:<10} {:<8} {}",
            i + 1,
            m.record.full_name,
            domain::text::format_date(m.record.birth_date),
            status,
            card,
            m.org_name
        );
    }
    println!(
        "Cộng: {} người",
        domain::text::format_int(rows.len() as i64)
    );
    Ok(())
}

/// `member show`: a member's profile and timeline, by card number.
async fn show(url: &str, c: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let id = db.person_by_card(&card(c)?).await?;
    let r = db.person(id).await?;
    println!(
        "{} — sinh {} — {}",
        r.full_name,
        domain::text::format_date(r.birth_date),
        r.sex.label()
    );
    println!(
        "Lý luận chính trị: {}; chuyên môn: {}",
        r.theory.label(),
        r.qualification.label()
    );
    if let Some(m) = &r.membership {
        println!(
            "Vào Đảng: {}; chính thức: {}",
            domain::text::format_date(m.admitted_on),
            m.official_on
                .map(domain::text::format_date)
                .unwrap_or_else(|| "—".into())
        );
    }
    println!("Quá trình:");
    for h in db.history(id).await? {
        let mut line = format!("  {:>10}  {}", domain::text::format_date(h.on), h.label);
        if let Some(n) = h.org_name {
            line.push_str(&format!(" — {n}"));
        }
        if let Some(d) = h.decision {
            line.push_str(&format!(" (Quyết định {d})"));
        }
        println!("{line}");
    }
    Ok(())
}

/// `member event`: records a dated event of a member (transfer, exemption, death…).
async fn event(
    url: &str,
    c: &str,
    kind: EventKind,
    on: &str,
    to: Option<String>,
    decision: &DecisionArgs,
) -> Result<(), CliError> {
    let on = parse_date_arg("--on", on)?;
    let d = decision.parse(on)?;
    let event = member_event(kind, to)?;
    let label = event.label();
    let db = crate::cmd::open(url).await?;
    let id = db.person_by_card(&card(c)?).await?;
    db.record_member_event(&db::Actor::cli(), id, on, event, d.as_ref(), today())
        .await?;
    println!("Đã ghi: {label} ngày {}", domain::text::format_date(on));
    Ok(())
}

/// The event of `kind`; a transfer or a temporary attachment needs `--to`.
fn member_event(kind: EventKind, to: Option<String>) -> Result<MemberEvent<String>, CliError> {
    let need_to = || {
        to.clone()
            .ok_or_else(|| CliError::bad("--to: cần mã tổ chức chuyển đến"))
    };
    Ok(match kind {
        EventKind::Official => MemberEvent::Official,
        EventKind::Transfer => MemberEvent::Transferred {
            to: need_to()?.to_uppercase(),
        },
        EventKind::Attach => MemberEvent::TemporaryAttached {
            to: need_to()?.to_uppercase(),
        },
        EventKind::Detach => MemberEvent::TemporaryEnded,
        EventKind::Exempt => MemberEvent::Exempted,
        EventKind::Unexempt => MemberEvent::ExemptionEnded,
        EventKind::Died => MemberEvent::Died,
        EventKind::Resigned => MemberEvent::Left {
            form: LeaveForm::Resigned,
        },
        EventKind::Removed => MemberEvent::Left {
            form: LeaveForm::Removed,
        },
        EventKind::Expelled => MemberEvent::Left {
            form: LeaveForm::Expelled,
        },
    })
}
