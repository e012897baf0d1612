//! What Chi bộ Sở Ngoại vụ's members hand in themselves (issue 20): this year's pledges to
//! follow Hồ Chí Minh's example — every member pledged in February, so the branch reads "100%
//! đảng viên đăng ký làm theo" as seeds 001 and 003 print, and the secretary approved all but
//! `dv-snv`'s —,
//! three self-assessments (the demo member `dv-snv`'s among them), and the notice of the
//! branch's next meeting with a document to read before it. The accounts themselves (`dv-snv`
//! and the secretaries of Đảng bộ Sở Nội vụ's branches) are made by `serve --demo`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use db::{Actor, Db, NewDocument, NewNotice};
use domain::branch::personal::{DeadlineKind, SECTIONS};
use domain::branch::rating::RatingLevel;
use domain::documents::Direction;

use crate::error::CliError;

const SNV: &str = "CB-SNV";

/// The member the demo account `dv-snv` stands for: the third member of Chi bộ Sở Ngoại vụ
/// with a card number, in name order, on `today`.
pub async fn dv_snv_person(db: &Db, today: NaiveDate) -> Result<i32, CliError> {
    let roster = db.roster(SNV, today).await?;
    let mut with_card = Vec::new();
    for e in roster.into_iter().filter(|e| e.member) {
        let r = db.person(e.person_id).await?;
        if r.membership
            .as_ref()
            .is_some_and(|m| m.card_number.is_some())
        {
            with_card.push(e.person_id);
        }
    }
    with_card
        .get(2)
        .or(with_card.first())
        .copied()
        .ok_or_else(|| CliError::Failure("Chi bộ Sở Ngoại vụ không có đảng viên có số thẻ".into()))
}

/// The card number of `dv-snv`'s member.
pub async fn dv_snv_card(db: &Db, today: NaiveDate) -> Result<String, CliError> {
    let p = dv_snv_person(db, today).await?;
    let r = db.person(p).await?;
    r.membership
        .and_then(|m| m.card_number)
        .map(|c| c.as_str().to_string())
        .ok_or_else(|| CliError::Failure("đảng viên của dv-snv không có số thẻ".into()))
}

pub async fn load(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    pledges(db, actor, today).await?;
    assessments(db, actor, today).await?;
    notice(db, actor, today).await
}

/// Every member's pledge of this year, written on 20 February (or today, early in January)
/// and approved by the secretary — but `dv-snv`'s, rewritten lately and waiting for approval:
/// the branch extended the deadline to the year's end for members who joined during the year,
/// so the demo member can still change it.
async fn pledges(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let year = today.year();
    let written = NaiveDate::from_ymd_opt(year, 2, 20)
        .expect("a day")
        .min(today);
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a day");
    db.set_member_deadline(actor, SNV, year, DeadlineKind::Pledge, year_end)
        .await?;
    let dv = dv_snv_person(db, today).await?;
    let lines = [
        "Gương mẫu chấp hành giờ giấc làm việc; hoàn thành đúng hạn mọi văn bản được giao.",
        "Tiết kiệm văn phòng phẩm, điện, nước tại phòng làm việc; không dùng đồ nhựa dùng một lần.",
        "Mỗi tháng đọc và trao đổi với đồng nghiệp một mẩu chuyện về Bác Hồ.",
        "Tham gia đầy đủ sinh hoạt chi bộ, học tập chuyên đề năm.",
    ];
    for (i, e) in db
        .roster(SNV, written)
        .await?
        .into_iter()
        .filter(|e| e.member)
        .enumerate()
    {
        if db.member_pledge(e.person_id, year).await?.is_some() {
            continue;
        }
        let content = format!(
            "1. {}\n2. {}",
            lines[i % lines.len()],
            lines[(i + 1) % lines.len()]
        );
        db.save_pledge(actor, e.person_id, year, &content, written)
            .await?;
        if e.person_id != dv {
            db.approve_pledge(&Actor("bithu-snv".into()), e.person_id, year)
                .await?;
        }
    }
    Ok(())
}

/// `dv-snv`'s self-assessment and two others', handed in from November on. The branch
/// extended the deadline to the year's end (its rating meeting is in the last week), so the
/// demo member can hand in or rewrite theirs on any day of the year.
async fn assessments(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let year = today.year();
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a day");
    db.set_member_deadline(actor, SNV, year, DeadlineKind::SelfAssessment, year_end)
        .await?;
    if today.month() < 11 {
        // Self-assessments are written in the year's last weeks, before the branch meets.
        return Ok(());
    }
    let dv = dv_snv_person(db, today).await?;
    let others: Vec<i32> = db
        .roster(SNV, today)
        .await?
        .into_iter()
        .filter(|e| e.member && e.person_id != dv)
        .map(|e| e.person_id)
        .take(2)
        .collect();
    for (i, person) in std::iter::once(dv).chain(others).enumerate() {
        if db.self_assessment(person, year).await?.is_some() {
            continue;
        }
        let sections: Vec<(&'static str, String)> = SECTIONS
            .iter()
            .map(|s| (s.code, section_text(s.code, year)))
            .collect();
        let level = if i == 1 {
            RatingLevel::Excellent
        } else {
            RatingLevel::Good
        };
        db.save_self_assessment(actor, person, year, &sections, level, today)
            .await?;
    }
    Ok(())
}

fn section_text(code: &str, year: i32) -> String {
    match code {
        "pham_chat" => "Luôn trung thành với Đảng; chấp hành nghiêm chủ trương của Đảng, pháp luật của Nhà nước; giữ gìn đạo đức, lối sống giản dị; chấp hành nghiêm kỷ luật, giờ giấc làm việc.".into(),
        "nhiem_vu" => format!("Hoàn thành các nhiệm vụ chuyên môn năm {year} đúng tiến độ; tham mưu kịp thời các văn bản về công tác đối ngoại của tỉnh."),
        "cam_ket" => "Thực hiện đầy đủ bản đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh đã được chi bộ duyệt.".into(),
        "han_che" => "Có lúc còn chậm trong việc cập nhật tài liệu học tập nghị quyết. Nguyên nhân: khối lượng công việc chuyên môn lớn vào cuối năm.".into(),
        "khac_phuc" => String::new(),
        "trach_nhiem" => String::new(),
        _ => "Sắp xếp thời gian tự học; đọc tài liệu trước mỗi kỳ sinh hoạt chi bộ.".into(),
    }
}

/// The next working day at least two days ahead.
fn next_meeting_day(today: NaiveDate) -> NaiveDate {
    let mut d = today + Duration::days(2);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

/// The notice of the branch's next meeting, with the year's draft report to read before it.
async fn notice(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), CliError> {
    let org = db.org_latest(SNV).await?;
    if !db.notices(org.id, today).await?.is_empty() {
        return Ok(());
    }
    let year = today.year();
    let draft = reports::document::Document {
        title: format!("Dự thảo báo cáo kết quả năm {year}"),
        blocks: vec![
            reports::document::Block::Title {
                text: format!("DỰ THẢO BÁO CÁO KẾT QUẢ LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ NĂM {year}"),
            },
            reports::document::Block::Para {
                text: "Chi bộ Sở Ngoại vụ lãnh đạo thực hiện nhiệm vụ chính trị của cơ quan; kết quả và phương hướng năm tới (dự thảo để đảng viên góp ý).".into(),
            },
        ],
    }
    .to_docx()
    .map_err(|e| CliError::Failure(e.to_string()))?;
    let doc = db
        .record_document(
            actor,
            &NewDocument {
                org: SNV.into(),
                direction: Direction::Received,
                symbol: "15-BC/CB".into(),
                signed_on: today,
                subject: format!("Dự thảo báo cáo kết quả lãnh đạo thực hiện nhiệm vụ năm {year}"),
                issuer_name: Some("Chi ủy Chi bộ Sở Ngoại vụ".into()),
                signer: None,
                recipients: Vec::new(),
                congress: None,
                file: Some(db::DocFile {
                    name: format!("du-thao-bao-cao-{year}.docx"),
                    media_type:
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            .into(),
                    bytes: draft,
                }),
                co_issuers: Vec::new(),
            },
        )
        .await?;
    db.publish_notice(
        &Actor("bithu-snv".into()),
        SNV,
        &NewNotice {
            meeting_on: next_meeting_day(today),
            starts_at: "14:00".into(),
            place: "Phòng họp tầng 2, Sở Ngoại vụ".into(),
            agenda: format!(
                "Kiểm điểm, đánh giá, xếp loại đảng viên năm {year}\nGóp ý dự thảo báo cáo kết quả năm {year}\nPhương hướng nhiệm vụ tháng tới"
            ),
            documents: vec![doc],
        },
        today,
    )
    .await?;
    Ok(())
}
