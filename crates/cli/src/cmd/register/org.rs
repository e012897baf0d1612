//! `dangvu org`: the organization tree and its dated changes (add, rename, move, split,
//! merge, dissolve), each optionally backed by a decision such as 118-QĐ/ĐU.

use clap::{Args, Subcommand};
use domain::register::org::{Decision, DocSymbol, OrgCode, OrgKind};

use crate::error::{CliError, parse_date_arg, today};

#[derive(Args, Clone)]
pub struct DecisionArgs {
    /// Số hiệu quyết định, ví dụ 118-QĐ/ĐU (decision symbol)
    #[arg(long)]
    decision: Option<String>,
    /// Ngày ký quyết định YYYY-MM-DD, mặc định ngày hiệu lực (decision date)
    #[arg(long)]
    decision_date: Option<String>,
    /// Trích yếu quyết định (decision title)
    #[arg(long)]
    decision_title: Option<String>,
}

impl DecisionArgs {
    pub fn parse(&self, effective: chrono::NaiveDate) -> Result<Option<Decision>, CliError> {
        let Some(raw) = &self.decision else {
            return Ok(None);
        };
        let symbol =
            DocSymbol::parse(raw).map_err(|e| CliError::bad(format!("--decision: {e}")))?;
        let signed_on = match &self.decision_date {
            Some(d) => parse_date_arg("--decision-date", d)?,
            None => effective,
        };
        Ok(Some(Decision {
            symbol,
            signed_on,
            title: self.decision_title.clone(),
        }))
    }
}

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Thêm tổ chức (add an organization)
    Add(AddArgs),
    /// Đổi tên (rename)
    Rename {
        code: String,
        #[arg(long)]
        name: String,
        /// Ngày hiệu lực YYYY-MM-DD
        #[arg(long)]
        on: String,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Chuyển trực thuộc tổ chức khác (move under another parent)
    Move {
        code: String,
        #[arg(long)]
        parent: String,
        #[arg(long)]
        on: String,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Chia tách: lập tổ chức mới từ một tổ chức và chuyển đảng viên sang (split)
    Split(SplitArgs),
    /// Sáp nhập các tổ chức vào một tổ chức (merge)
    Merge {
        /// Các tổ chức bị sáp nhập
        #[arg(required = true)]
        sources: Vec<String>,
        /// Tổ chức nhận
        #[arg(long)]
        into: String,
        #[arg(long)]
        on: String,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Giải thể (dissolve)
    Dissolve {
        code: String,
        #[arg(long)]
        on: String,
        #[command(flatten)]
        decision: DecisionArgs,
    },
    /// Cây tổ chức vào một ngày (the tree as of a date)
    Tree {
        /// Gốc, mặc định mọi tổ chức gốc
        code: Option<String>,
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Lịch sử của một tổ chức (history)
    History { code: String },
}

/// The arguments of `org add`.
#[derive(Args)]
pub struct AddArgs {
    /// Mã tổ chức, ví dụ CB-SNV
    code: String,
    /// Tên tổ chức
    #[arg(long)]
    name: String,
    /// Loại: Province, Block, GrassrootsCommittee, GrassrootsBranch, PartialCommittee, Branch, Cell
    #[arg(long)]
    kind: String,
    /// Mã tổ chức cấp trên
    #[arg(long)]
    parent: Option<String>,
    /// Ngày thành lập YYYY-MM-DD, mặc định hôm nay
    #[arg(long)]
    since: Option<String>,
    #[command(flatten)]
    decision: DecisionArgs,
}

/// The arguments of `org split`.
#[derive(Args)]
pub struct SplitArgs {
    /// Tổ chức bị chia tách
    source: String,
    /// Mã tổ chức mới
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    /// Loại tổ chức mới, mặc định như tổ chức cũ
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    on: String,
    /// Số thẻ đảng viên chuyển sang tổ chức mới (card numbers to move), cách nhau bởi dấu phẩy
    #[arg(long, value_delimiter = ',')]
    members: Vec<String>,
    #[command(flatten)]
    decision: DecisionArgs,
}

fn code(raw: &str) -> Result<OrgCode, CliError> {
    OrgCode::parse(raw).map_err(|e| CliError::bad(e.to_string()))
}

/// Hands the subcommand to its function.
pub async fn run(url: &str, c: OrgCommand) -> Result<(), CliError> {
    match c {
        OrgCommand::Add(a) => add(url, a).await,
        OrgCommand::Rename {
            code,
            name,
            on,
            decision,
        } => rename(url, &code, &name, &on, &decision).await,
        OrgCommand::Move {
            code,
            parent,
            on,
            decision,
        } => move_under(url, &code, &parent, &on, &decision).await,
        OrgCommand::Split(a) => split(url, a).await,
        OrgCommand::Merge {
            sources,
            into,
            on,
            decision,
        } => merge(url, &sources, &into, &on, &decision).await,
        OrgCommand::Dissolve { code, on, decision } => dissolve(url, &code, &on, &decision).await,
        OrgCommand::Tree { code, as_of } => tree(url, code, as_of).await,
        OrgCommand::History { code } => history(url, &code).await,
    }
}

/// `org add`: a new organization under its parent (or a root), from a date, by a decision.
async fn add(url: &str, a: AddArgs) -> Result<(), CliError> {
    let code = code(&a.code)?;
    let kind = OrgKind::parse(&a.kind).map_err(|e| CliError::bad(format!("--kind: {e}")))?;
    let parent = a.parent.as_deref().map(self::code).transpose()?;
    let since = match a.since {
        Some(s) => parse_date_arg("--since", &s)?,
        None => today(),
    };
    let decision = a.decision.parse(since)?;
    let db = crate::cmd::open(url).await?;
    let new = db::NewOrg {
        code,
        name: a.name,
        kind,
        parent,
        since,
        decision,
    };
    let row = db.create_org(&db::Actor::cli(), &new).await?;
    println!("Đã thêm {} ({}, {})", row.name, row.code, row.kind.label());
    Ok(())
}

/// `org rename`: a new name from a date.
async fn rename(
    url: &str,
    c: &str,
    name: &str,
    on: &str,
    decision: &DecisionArgs,
) -> Result<(), CliError> {
    let on = parse_date_arg("--on", on)?;
    let d = decision.parse(on)?;
    let db = crate::cmd::open(url).await?;
    db.rename_org(&db::Actor::cli(), code(c)?.as_str(), name, on, d.as_ref())
        .await?;
    println!(
        "Đã đổi tên {c} thành \"{name}\" từ ngày {}",
        domain::text::format_date(on)
    );
    Ok(())
}

/// `org move`: the organization under another parent from a date.
async fn move_under(
    url: &str,
    c: &str,
    parent: &str,
    on: &str,
    decision: &DecisionArgs,
) -> Result<(), CliError> {
    let on = parse_date_arg("--on", on)?;
    let d = decision.parse(on)?;
    let db = crate::cmd::open(url).await?;
    db.move_org(
        &db::Actor::cli(),
        code(c)?.as_str(),
        code(parent)?.as_str(),
        on,
        d.as_ref(),
    )
    .await?;
    println!(
        "Đã chuyển {c} trực thuộc {parent} từ ngày {}",
        domain::text::format_date(on)
    );
    Ok(())
}

/// `org split`: a new organization split from another, the members named by card number
/// moving to it.
async fn split(url: &str, a: SplitArgs) -> Result<(), CliError> {
    let on = parse_date_arg("--on", &a.on)?;
    let d = a.decision.parse(on)?;
    let db = crate::cmd::open(url).await?;
    let src = db.org(code(&a.source)?.as_str(), Some(on)).await?;
    let kind = match a.kind {
        Some(k) => OrgKind::parse(&k).map_err(|e| CliError::bad(format!("--kind: {e}")))?,
        None => src.kind,
    };
    let ids = people_by_card(&db, &a.members).await?;
    let new = db::NewOrg {
        code: code(&a.code)?,
        name: a.name,
        kind,
        parent: None,
        since: on,
        decision: d,
    };
    let row = db
        .split_org(&db::Actor::cli(), src.code.as_str(), &new, &ids, today())
        .await?;
    println!(
        "Đã chia tách {} từ {} ngày {}; chuyển {} đảng viên",
        row.name,
        src.name,
        domain::text::format_date(on),
        ids.len()
    );
    Ok(())
}

/// The people of the card numbers of `--members`, in order.
async fn people_by_card(db: &db::Db, cards: &[String]) -> Result<Vec<i32>, CliError> {
    let mut ids = Vec::new();
    for m in cards {
        let card = domain::register::member::CardNumber::parse(m)
            .map_err(|e| CliError::bad(format!("--members: {e}")))?;
        ids.push(db.person_by_card(&card).await?);
    }
    Ok(ids)
}

/// `org merge`: organizations merged into another from a date.
async fn merge(
    url: &str,
    sources: &[String],
    into: &str,
    on: &str,
    decision: &DecisionArgs,
) -> Result<(), CliError> {
    let on = parse_date_arg("--on", on)?;
    let d = decision.parse(on)?;
    let sources = sources
        .iter()
        .map(|s| code(s).map(|c| c.as_str().to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let db = crate::cmd::open(url).await?;
    db.merge_orgs(
        &db::Actor::cli(),
        &sources,
        code(into)?.as_str(),
        on,
        d.as_ref(),
        today(),
    )
    .await?;
    println!(
        "Đã sáp nhập {} vào {into} từ ngày {}",
        sources.join(", "),
        domain::text::format_date(on)
    );
    Ok(())
}

/// `org dissolve`: the organization dissolved from a date.
async fn dissolve(url: &str, c: &str, on: &str, decision: &DecisionArgs) -> Result<(), CliError> {
    let on = parse_date_arg("--on", on)?;
    let d = decision.parse(on)?;
    let db = crate::cmd::open(url).await?;
    db.dissolve_org(&db::Actor::cli(), code(c)?.as_str(), on, d.as_ref())
        .await?;
    println!("Đã giải thể {c} từ ngày {}", domain::text::format_date(on));
    Ok(())
}

/// `org tree`: the tree under one organization, or under every root, as of a date.
async fn tree(url: &str, c: Option<String>, as_of: Option<String>) -> Result<(), CliError> {
    let on = as_of.map(|s| parse_date_arg("--as-of", &s)).transpose()?;
    let db = crate::cmd::open(url).await?;
    let roots = match c {
        Some(c) => vec![code(&c)?.as_str().to_string()],
        None => db.roots(on).await?.into_iter().map(|r| r.code).collect(),
    };
    if roots.is_empty() {
        println!("Chưa có tổ chức nào. Thử: dangvu demo");
    }
    for root in roots {
        let rows = db.tree(&root, on).await?;
        let base = rows.first().map(|r| r.depth()).unwrap_or(0);
        for r in rows {
            println!(
                "{}{} [{}] — {}",
                "  ".repeat(r.depth() - base),
                r.name,
                r.code,
                r.kind.label()
            );
        }
    }
    Ok(())
}

/// `org history`: the organization's dated changes with their decisions.
async fn history(url: &str, c: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    for e in db.org_events(code(c)?.as_str()).await? {
        let mut line = format!(
            "{:>10}  {}",
            domain::text::format_date(e.on),
            e.kind.label()
        );
        if let Some(n) = e.related_name {
            line.push_str(&format!(" — {n}"));
        }
        if let Some(d) = e.decision {
            line.push_str(&format!(" (Quyết định {d})"));
        }
        if let Some(n) = e.note {
            line.push_str(&format!(": {n}"));
        }
        println!("{line}");
    }
    Ok(())
}
