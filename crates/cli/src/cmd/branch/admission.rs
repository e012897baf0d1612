//! `dangvu admission`: admission of new members (kết nạp) — open a case, record its steps in
//! order, list the open cases of a subtree with their due dates (Vietnamese working days),
//! show a case's timeline; and the rules and holidays behind the due dates, which are settings.

use clap::{Args, Subcommand};
use db::{AdmissionCaseRow, Applicant, NewAdmission, StepInput};
use domain::branch::admission::{StepKind, Vote};
use domain::register::member::{CardNumber, PersonName, PersonRecord, Sex};
use domain::text::format_date;

use crate::error::{CliError, parse_date_arg, today};

#[derive(Subcommand)]
pub enum AdmissionCommand {
    /// Mở hồ sơ kết nạp cho một người xin vào Đảng (open a case)
    Add(AddArgs),
    /// Ghi bước tiếp theo của hồ sơ: chung-nhan, gioi-thieu, nghi-quyet, quyet-dinh,
    /// le-ket-nap, chinh-thuc (record a step)
    Step(StepArgs),
    /// Hồ sơ kết nạp đang xét của một tổ chức và cấp dưới, hạn bước tiếp theo (list)
    List {
        #[arg(long)]
        org: String,
        /// Gồm cả hồ sơ đã hoàn tất
        #[arg(long)]
        all: bool,
    },
    /// Quá trình của một hồ sơ (show a case's timeline)
    Show { case: i32 },
    /// Các quy định về kết nạp đang áp dụng và giá trị mặc định (show the rules)
    Rules,
    /// Đổi một quy định, ví dụ: set-rule vote_share 2/3 (change a rule)
    SetRule { key: String, value: String },
    /// Ngày nghỉ lễ của một năm (show a year's holidays)
    Holidays {
        #[arg(long)]
        year: i32,
    },
    /// Đặt ngày nghỉ lễ của một năm: "1/1/2026, 16/2/2026, làm 22/8/2026" (set a year's holidays)
    SetHolidays {
        #[arg(long)]
        year: i32,
        days: String,
    },
}

/// The arguments of `admission add`.
#[derive(Args)]
pub struct AddArgs {
    /// Chi bộ xét kết nạp
    #[arg(long)]
    org: String,
    /// Ngày nộp đơn YYYY-MM-DD
    #[arg(long)]
    applied: String,
    /// Người đã có trong danh sách (quần chúng), theo mã số
    #[arg(long, conflicts_with_all = ["name", "born", "sex"])]
    person: Option<i32>,
    /// Họ và tên người mới
    #[arg(long)]
    name: Option<String>,
    /// Ngày sinh YYYY-MM-DD
    #[arg(long)]
    born: Option<String>,
    /// Giới tính: nam hoặc nữ
    #[arg(long)]
    sex: Option<String>,
}

/// The arguments of `admission step`.
#[derive(Args)]
pub struct StepArgs {
    /// Số hồ sơ
    case: i32,
    /// Bước: chung-nhan | gioi-thieu | nghi-quyet | quyet-dinh | le-ket-nap | chinh-thuc
    kind: String,
    /// Ngày của bước YYYY-MM-DD (giấy chứng nhận: ngày cấp)
    #[arg(long)]
    on: String,
    /// Số giấy chứng nhận hoặc số quyết định
    #[arg(long)]
    number: Option<String>,
    /// Số thẻ đảng viên của người giới thiệu
    #[arg(long)]
    introducer: Option<String>,
    /// Ngày bắt đầu công tác cùng người xin vào Đảng YYYY-MM-DD
    #[arg(long)]
    worked_since: Option<String>,
    /// Số đảng viên chính thức tán thành
    #[arg(long = "for")]
    in_favour: Option<u32>,
    /// Tổng số đảng viên chính thức của chi bộ
    #[arg(long = "of")]
    members: Option<u32>,
}

fn needed<T>(v: Option<T>, option: &str, kind: StepKind) -> Result<T, CliError> {
    v.ok_or_else(|| CliError::bad(format!("bước '{}' cần tham số {option}", kind.label())))
}

/// Hands the subcommand to its function.
pub async fn run(url: &str, c: AdmissionCommand) -> Result<(), CliError> {
    match c {
        AdmissionCommand::Add(a) => add(url, a).await,
        AdmissionCommand::Step(a) => step(url, a).await,
        AdmissionCommand::List { org, all } => list(url, &org, all).await,
        AdmissionCommand::Show { case } => show(url, case).await,
        AdmissionCommand::Rules => rules(url).await,
        AdmissionCommand::SetRule { key, value } => set_rule(url, &key, &value).await,
        AdmissionCommand::Holidays { year } => holidays(url, year).await,
        AdmissionCommand::SetHolidays { year, days } => set_holidays(url, year, &days).await,
    }
}

/// `admission add`: opens a case for a person already on the list (`--person`) or a new one
/// (`--name`, `--born`, `--sex`) and prints its next step.
async fn add(url: &str, a: AddArgs) -> Result<(), CliError> {
    let applied_on = parse_date_arg("--applied", &a.applied)?;
    let applicant = applicant(a.person, a.name, a.born, a.sex)?;
    let db = crate::cmd::open(url).await?;
    let id = db
        .create_admission(
            &db::Actor::cli(),
            &NewAdmission {
                org: a.org,
                applicant,
                applied_on,
            },
            today(),
        )
        .await?;
    let c = db.admission_case(id, today()).await?;
    println!(
        "Đã mở hồ sơ kết nạp số {id}: {} ({}), nộp đơn ngày {}.",
        c.person_name,
        c.org_name,
        format_date(c.applied_on)
    );
    print_next(&c);
    Ok(())
}

/// The applicant: the person of id `person`, or a new person from name, birth date and sex.
fn applicant(
    person: Option<i32>,
    name: Option<String>,
    born: Option<String>,
    sex: Option<String>,
) -> Result<Applicant, CliError> {
    if let Some(id) = person {
        return Ok(Applicant::Existing(id));
    }
    let name = name.ok_or_else(|| {
        CliError::bad("cần --person (người đã có) hoặc --name, --born, --sex (người mới)")
    })?;
    let full_name = PersonName::parse(&name).map_err(|e| CliError::bad(format!("--name: {e}")))?;
    let born = born.ok_or_else(|| CliError::bad("cần --born (ngày sinh)"))?;
    let birth_date = parse_date_arg("--born", &born)?;
    let sex = Sex::parse(sex.as_deref().unwrap_or(""))
        .map_err(|e| CliError::bad(format!("--sex: {e}")))?;
    Ok(Applicant::New(Box::new(PersonRecord::applicant(
        full_name, birth_date, sex,
    ))))
}

/// `admission step`: records the case's next step with what that step needs, its warnings
/// and the step after it.
async fn step(url: &str, a: StepArgs) -> Result<(), CliError> {
    let kind = &a.kind;
    let k = StepKind::from_code(kind).ok_or_else(|| {
        CliError::bad(format!(
            "bước '{kind}' không có; dùng: chung-nhan, gioi-thieu, nghi-quyet, quyet-dinh, le-ket-nap, chinh-thuc",
            kind = domain::text::excerpt(kind)
        ))
    })?;
    let on = parse_date_arg("--on", &a.on)?;
    let case = a.case;
    let db = crate::cmd::open(url).await?;
    let input = step_input(&db, k, a).await?;
    let warnings = db
        .record_admission_step(&db::Actor::cli(), case, on, &input, today())
        .await?;
    println!(
        "Đã ghi bước '{}' ngày {} vào hồ sơ số {case}.",
        k.label(),
        format_date(on)
    );
    for w in &warnings {
        println!("Cảnh báo: {w}");
    }
    let c = db.admission_case(case, today()).await?;
    print_next(&c);
    Ok(())
}

/// What step `k` records: the certificate's or decision's number, the introducer (found by
/// card number) and since when they worked together, or the branch's vote.
async fn step_input(db: &db::Db, k: StepKind, a: StepArgs) -> Result<StepInput, CliError> {
    let vote = || -> Result<Vote, CliError> {
        Ok(Vote {
            in_favour: needed(a.in_favour, "--for", k)?,
            official_members: needed(a.members, "--of", k)?,
        })
    };
    Ok(match k {
        StepKind::Certificate => StepInput::Certificate { number: a.number },
        StepKind::Introducer => {
            let card = needed(a.introducer, "--introducer", k)?;
            let card = CardNumber::parse(&card)
                .map_err(|e| CliError::bad(format!("--introducer: số thẻ đảng viên: {e}")))?;
            let since = needed(a.worked_since, "--worked-since", k)?;
            StepInput::Introducer {
                person: db.person_by_card(&card).await?,
                worked_since: parse_date_arg("--worked-since", &since)?,
            }
        }
        StepKind::Resolution => StepInput::Resolution(vote()?),
        StepKind::Decision => StepInput::Decision { number: a.number },
        StepKind::Ceremony => StepInput::Ceremony,
        StepKind::Recognition => StepInput::Recognition(vote()?),
    })
}

/// `admission list`: the cases of an organization and its subtree (open ones, or `all`) with
/// each next step, its due date and whether it is overdue.
async fn list(url: &str, org: &str, all: bool) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let rows = db.admission_cases(org, !all, today()).await?;
    for c in &rows {
        let next = match &c.next {
            Some(n) => format!(
                "{}{}",
                n.kind.label(),
                n.due
                    .map(|d| format!(" — hạn {}", format_date(d)))
                    .unwrap_or_default()
            ),
            None => "Đã hoàn tất".into(),
        };
        println!(
            "{:>4}. {:<28} {:<28} nộp đơn {:>10}  {}{}",
            c.id,
            c.person_name,
            c.org_name,
            format_date(c.applied_on),
            next,
            if c.overdue { "  QUÁ HẠN" } else { "" }
        );
    }
    let overdue = rows.iter().filter(|c| c.overdue).count();
    println!(
        "Cộng: {} hồ sơ, {} quá hạn",
        domain::text::format_int(rows.len() as i64),
        domain::text::format_int(overdue as i64)
    );
    Ok(())
}

/// `admission show`: a case's timeline, step by step with their warnings, and its next step.
async fn show(url: &str, case: i32) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let c = db.admission_case(case, today()).await?;
    println!(
        "Hồ sơ kết nạp số {}: {} — sinh {} — {} ({})",
        c.id,
        c.person_name,
        format_date(c.birth_date),
        c.org_name,
        c.org_code
    );
    println!("  {:>10}  Đơn xin vào Đảng", format_date(c.applied_on));
    for s in &c.steps {
        println!(
            "  {:>10}  {}{}",
            format_date(s.on),
            s.label,
            s.detail
                .as_ref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
        if let Some(w) = &s.warning {
            println!("              Cảnh báo: {w}");
        }
    }
    print_next(&c);
    Ok(())
}

/// `admission rules`: the rules in force, with their defaults.
async fn rules(url: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    print_rules(&db.admission_rules().await?);
    Ok(())
}

/// `admission set-rule`: changes one rule and prints them all.
async fn set_rule(url: &str, key: &str, value: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let rules = db
        .set_admission_rule(&db::Actor::cli(), key.trim(), value)
        .await?;
    println!("Đã đổi quy định '{}'.", key.trim());
    print_rules(&rules);
    Ok(())
}

/// `admission holidays`: a year's holidays, and which years the default table covers.
async fn holidays(url: &str, year: i32) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let y = db.holiday_calendar().await?.year(year);
    println!("Ngày nghỉ lễ năm {year}: {}", y.to_text());
    let (first, last) = domain::workdays::DEFAULT_YEARS;
    println!(
        "(Bảng mặc định có Tết và Giỗ Tổ các năm {first}–{last}; năm khác chỉ có ngày lễ dương lịch: hãy đặt bằng set-holidays.)"
    );
    Ok(())
}

/// `admission set-holidays`: sets a year's holidays and working days swapped.
async fn set_holidays(url: &str, year: i32, days: &str) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let y = db.set_holidays(&db::Actor::cli(), year, days).await?;
    println!("Đã đặt ngày nghỉ lễ năm {year}: {}", y.to_text());
    Ok(())
}

fn print_next(c: &AdmissionCaseRow) {
    match &c.next {
        None => println!("Hồ sơ đã hoàn tất: đã công nhận đảng viên chính thức."),
        Some(n) => {
            let mut line = format!("Bước tiếp theo: {}", n.kind.label());
            if let Some(e) = n.earliest {
                line.push_str(&format!(", từ ngày {}", format_date(e)));
            }
            if let Some(d) = n.due {
                line.push_str(&format!(", hạn {}", format_date(d)));
                if let Some(r) = &n.due_reason {
                    line.push_str(&format!(" ({r})"));
                }
            }
            if c.overdue {
                line.push_str(" — QUÁ HẠN");
            }
            println!("{line}.");
        }
    }
}

fn print_rules(r: &domain::branch::admission::AdmissionRules) {
    println!("Quy định kết nạp đảng viên (DOMAIN.md §6, cần kiểm chứng; đổi bằng set-rule):");
    for e in r.entries() {
        println!(
            "  {:<26} {:<8} (mặc định {:<5}) {}",
            e.key, e.value, e.default, e.label
        );
    }
}
