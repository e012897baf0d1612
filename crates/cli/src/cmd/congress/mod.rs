//! `dangvu congress`: the season plan and its progress, the congress record, elections in the
//! rules' order, ballot entry by two counters and closing a round — thin over `db::congress`.

pub mod doc;
pub mod tally;

use std::io::BufRead;

use clap::Subcommand;
use db::{Actor, NewCandidate, NewCongress, NewPlan, NewPlanItem};
use domain::congress::{ElectionKind, Presence, Term, kind_label, parse_kind};
use domain::text::{format_date, format_int};

use crate::error::{CliError, parse_date_arg, today};

#[derive(Subcommand)]
pub enum CongressCommand {
    /// Lập kế hoạch đại hội của cấp trên (create a season plan)
    Plan {
        /// Mã tổ chức cấp trên, ví dụ DB-SNOIVU
        superior: String,
        /// Số hiệu kế hoạch, ví dụ 205-KH/ĐU
        #[arg(long)]
        symbol: String,
        #[arg(long)]
        title: String,
        /// Ngày ban hành YYYY-MM-DD
        #[arg(long)]
        issued: String,
        /// MÃ:NGÀY[:điểm][:trước=NGÀY], ví dụ CB-TDKT:2025-04-10:điểm (lặp lại cho từng chi bộ)
        #[arg(long = "item", required = true)]
        items: Vec<String>,
    },
    /// Tiến độ đại hội theo kế hoạch: x/y đã tổ chức, quá hạn trước (season progress)
    Progress {
        superior: String,
        #[arg(long)]
        symbol: String,
        /// Ngày xem, mặc định hôm nay
        #[arg(long)]
        today: Option<String>,
    },
    /// Tạo đại hội: số thứ tự nối tiếp, danh sách triệu tập lấy từ sổ đảng viên (add a congress)
    Add {
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
    },
    /// Xem đại hội: triệu tập, có mặt, văn bản, các cuộc bầu cử (show a congress)
    Show {
        org: String,
        /// Lần thứ, mặc định đại hội gần nhất
        #[arg(long)]
        ordinal: Option<u32>,
    },
    /// Ghi tình trạng có mặt của một người được triệu tập (record presence)
    Presence {
        org: String,
        #[arg(long)]
        person: i32,
        /// present, absent_with_reason, absent_without_reason, temporary_elsewhere, exempt_absent, suspended
        #[arg(long)]
        presence: String,
        /// Lý do vắng, với absent_with_reason (the reason of an excused absence)
        #[arg(long)]
        reason: Option<String>,
    },
    /// Bầu Ban kiểm phiếu: họ tên các thành viên (set the counting board)
    Board { org: String, names: Vec<String> },
    /// Mở cuộc bầu cử theo thứ tự quy chế (open an election)
    Election {
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
    },
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
    Minutes {
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
    },
}

pub async fn run(url: &str, c: CongressCommand) -> Result<(), CliError> {
    let db = crate::cmd::open(url).await?;
    let actor = Actor::cli();
    match c {
        CongressCommand::Plan {
            superior,
            symbol,
            title,
            issued,
            items,
        } => {
            let items = items
                .iter()
                .map(|i| parse_item(i))
                .collect::<Result<Vec<_>, _>>()?;
            let id = db
                .create_plan(
                    &actor,
                    &NewPlan {
                        superior,
                        symbol,
                        title,
                        issued_on: parse_date_arg("--issued", &issued)?,
                        items,
                    },
                )
                .await?;
            println!("Đã lập kế hoạch (số hiệu lưu trữ {id}).");
        }
        CongressCommand::Progress {
            superior,
            symbol,
            today: on,
        } => {
            let on = match on {
                Some(d) => parse_date_arg("--today", &d)?,
                None => today(),
            };
            let plan = db.find_plan(&superior, &symbol).await?;
            let v = db.plan_progress(plan, on).await?;
            println!(
                "Kế hoạch số {} của {}: {}",
                v.symbol, v.superior_name, v.title
            );
            println!("{}", v.progress.label());
            for r in &v.progress.rows {
                println!(
                    "  {:<10} {:<40} {:>10}  {}{}",
                    r.item.org_code,
                    r.item.org_name,
                    format_date(r.item.scheduled),
                    r.state.label(),
                    if r.item.pilot {
                        " (đại hội điểm)"
                    } else {
                        ""
                    }
                );
            }
            for w in &v.progress.warnings {
                println!("Cảnh báo: {w}");
            }
        }
        CongressCommand::Add {
            org,
            term,
            kind,
            start,
            end,
            place,
            guests,
            pilot,
            ordinal,
        } => {
            let starts_on = parse_date_arg("--start", &start)?;
            let c = db
                .create_congress_numbered(
                    &actor,
                    &NewCongress {
                        org,
                        term: Term::parse(&term).map_err(|e| CliError::bad(format!("--term: {e}")))?,
                        kind: parse_kind(&kind).ok_or_else(|| {
                            CliError::bad(format!(
                                "--kind: '{kind}' không có; dùng members (đại hội đảng viên) hoặc delegates (đại hội đại biểu)"
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
        }
        CongressCommand::Show { org, ordinal } => {
            let id = db.find_congress(&org, ordinal).await?;
            let c = db.congress(id).await?;
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
            for a in c.summoned.official.iter().chain(&c.summoned.probationary) {
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
                    "  #{} {} — {status}, {}{reason}",
                    a.person_id,
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
            for e in db.elections(id).await? {
                println!(
                    "{} ({} người): {}",
                    e.label,
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
        CongressCommand::Presence {
            org,
            person,
            presence,
            reason,
        } => {
            let id = db.find_congress(&org, None).await?;
            let p = Presence::parse(&presence).ok_or_else(|| {
                CliError::bad(format!(
                    "--presence: '{presence}' không có; dùng {}",
                    Presence::ALL.map(Presence::key).join(", ")
                ))
            })?;
            db.set_presence(&actor, id, person, p, reason.as_deref())
                .await?;
            match reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                Some(r) => println!("Đã ghi: {} ({r}).", p.label()),
                None => println!("Đã ghi: {}.", p.label()),
            }
        }
        CongressCommand::Board { org, names } => {
            let id = db.find_congress(&org, None).await?;
            db.set_counting_board(&actor, id, &names).await?;
            println!("Ban kiểm phiếu: {}", names.join(", "));
        }
        CongressCommand::Election {
            org,
            kind,
            seats,
            candidates,
            floor,
            issued,
        } => {
            let id = db.find_congress(&org, None).await?;
            let k = ElectionKind::parse(&kind).ok_or_else(|| {
                CliError::bad(format!(
                    "'{kind}' không phải cuộc bầu cử; dùng {}",
                    ElectionKind::ALL.map(ElectionKind::key).join(", ")
                ))
            })?;
            let mut cands: Vec<NewCandidate> =
                candidates.iter().map(|n| NewCandidate::listed(n)).collect();
            for f in &floor {
                let (name, support) = domain::congress::parse_floor_nomination(f)
                    .map_err(|e| CliError::bad(format!("--floor: {e}")))?;
                cands.push(NewCandidate {
                    name,
                    floor_support: Some(support),
                });
            }
            let (r, warning) = db
                .open_election(&actor, id, k, seats, &cands, issued)
                .await?;
            if let Some(w) = warning {
                println!("Cảnh báo: {w}");
            }
            print_round_opened(&r);
        }
        CongressCommand::NextRound { round, issued } => {
            let r = db.round(db.find_round(&round).await?).await?;
            let next = db.open_next_round(&actor, r.election_id, issued).await?;
            print_round_opened(&next);
        }
        CongressCommand::Ballot {
            round,
            counter,
            lines,
            undo,
        } => {
            let round = db.find_round(&round).await?;
            if undo {
                match db.undo_last_ballot(&actor, round, counter).await? {
                    Some(b) => println!("Đã xóa phiếu vừa nhập ({b})."),
                    None => println!("Người nhập {counter} chưa nhập phiếu nào."),
                }
                return Ok(());
            }
            let lines: Vec<String> = if lines.is_empty() {
                std::io::stdin().lock().lines().collect::<Result<_, _>>()?
            } else {
                lines
            };
            for (i, line) in lines.iter().enumerate() {
                if line.trim().eq_ignore_ascii_case("u") {
                    match db.undo_last_ballot(&actor, round, counter).await? {
                        Some(b) => println!("Đã xóa phiếu vừa nhập ({b})."),
                        None => println!("Chưa có phiếu nào để xóa."),
                    }
                    continue;
                }
                let e = db
                    .enter_ballot(&actor, round, counter, line)
                    .await
                    .map_err(|e| match CliError::from(e) {
                        CliError::BadInput(m) => CliError::bad(format!(
                            "dòng {} ({}): {m}; các phiếu trước đó đã được lưu",
                            i + 1,
                            line.trim()
                        )),
                        other => other,
                    })?;
                println!(
                    "Phiếu {}/{}: {} (người nhập 1: {}, người nhập 2: {})",
                    e.seq, e.issued, e.shown, e.entered[0], e.entered[1]
                );
            }
        }
        CongressCommand::Minutes {
            round,
            out,
            number,
            time,
        } => {
            let id = db.find_round(&round).await?;
            let minutes = web::congress_docs::counting_minutes(&db, id, number, time)
                .await
                .map_err(|e| match e {
                    web::congress_docs::DocsError::Db(e) => CliError::from(e),
                    web::congress_docs::DocsError::Refused(m) => CliError::bad(m),
                    web::congress_docs::DocsError::Failure(m) => CliError::Failure(m),
                })?;
            doc::write_document(&out, &minutes)?;
        }
        CongressCommand::Close { round } => {
            let id = db.find_round(&round).await?;
            let r = db.close_round(&actor, id).await?;
            if let Some(res) = &r.result {
                println!("{}", serde_json::to_string_pretty(res).unwrap_or_default());
            }
        }
    }
    Ok(())
}

fn print_round_opened(r: &db::RoundRow) {
    println!(
        "Đã mở {} — vòng {} [{}]: {} người, bầu {}, phát {} phiếu, căn cứ {}.",
        r.label,
        r.number,
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

/// `CB-TDKT:2025-04-10[:điểm][:trước=2022-10-01]`.
fn parse_item(raw: &str) -> Result<NewPlanItem, CliError> {
    let bad = || {
        CliError::bad(format!(
            "--item '{raw}': dùng dạng MÃ:NGÀY[:điểm][:trước=NGÀY], ví dụ CB-TDKT:2025-04-10:điểm"
        ))
    };
    let mut parts = raw.split(':');
    let org = parts
        .next()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(bad)?;
    let date = parts.next().ok_or_else(bad)?;
    let mut item = NewPlanItem {
        org: org.trim().to_string(),
        scheduled: parse_date_arg("--item", date)?,
        pilot: false,
        previous: None,
    };
    for p in parts {
        let p = domain::text::normalize(p);
        if p == "điểm" || p == "pilot" {
            item.pilot = true;
        } else if let Some(d) = p
            .strip_prefix("trước=")
            .or_else(|| p.strip_prefix("previous="))
        {
            item.previous = Some(parse_date_arg("--item", d)?);
        } else {
            return Err(bad());
        }
    }
    Ok(item)
}
