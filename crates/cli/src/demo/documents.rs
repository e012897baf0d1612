//! The demo's document register (DOMAIN.md §7): seed 002's plan `205-KH/ĐU` of Đảng ủy Sở Công
//! Thương (01/8/2019, its congresses of 2020 with Chi bộ Văn phòng 2's as the pilot) beside its
//! decision `118-QĐ/ĐU` (stored with the split, `demo::register`); a plan it received from the
//! Đảng ủy Khối (invented); and drafts written from the templates: a notice of Chi bộ Sở
//! Ngoại vụ's next meeting and a decision of Đảng ủy Sở Công Thương that follows 205-KH/ĐU in
//! its register.

use db::{Actor, Db, Draft, NewDocument, NewPlan, NewPlanItem};
use domain::documents::{Direction, recipient_lines, signature_titles};
use domain::register::org::OrgKind;
use reports::documents::templates;

use crate::demo::register::d;
use crate::error::CliError;

const LOADED_KEY: &str = "demo.documents";

/// Loads this part of the demo unless it is there.
pub async fn load(db: &Db, actor: &Actor) -> Result<(), CliError> {
    if db.setting(LOADED_KEY).await?.is_some() {
        return Ok(());
    }
    let item = |org: &str, on: (i32, u32, u32), pilot: bool| NewPlanItem {
        org: org.into(),
        scheduled: d(on.0, on.1, on.2),
        pilot,
        previous: None,
    };
    db.create_plan(
        actor,
        &NewPlan {
            superior: "DB-SCT".into(),
            symbol: "205-KH/ĐU".into(),
            title: "Kế hoạch tổ chức Đại hội Đảng bộ Sở Công Thương nhiệm kỳ 2020–2025".into(),
            issued_on: d(2019, 8, 1),
            items: vec![
                item("CB-VPS2", (2020, 1, 16), true),
                item("CB-VPS", (2020, 3, 10), false),
                item("CB-QLTM", (2020, 3, 20), false),
            ],
        },
    )
    .await?;
    db.record_document(
        actor,
        &NewDocument {
            org: "DB-SCT".into(),
            direction: Direction::Received,
            symbol: "150-KH/ĐUK".into(),
            signed_on: d(2019, 6, 20),
            subject: "Kế hoạch tổ chức đại hội các tổ chức cơ sở đảng trực thuộc Đảng bộ Khối \
                      tiến tới Đại hội đại biểu Đảng bộ Khối các cơ quan tỉnh lần thứ VII, nhiệm \
                      kỳ 2020–2025"
                .into(),
            issuer_name: Some("Đảng ủy Khối các cơ quan tỉnh".into()),
            signer: None,
            recipients: Vec::new(),
            congress: None,
            file: None,
            co_issuers: Vec::new(),
        },
    )
    .await?;
    drafts(db, actor).await?;
    db.set_setting(actor, LOADED_KEY, "1").await?;
    Ok(())
}

/// Two drafts from the templates: a decision of Đảng ủy Sở Công Thương numbered after
/// 205-KH/ĐU's series (its decisions continue 118-QĐ/ĐU), and Chi bộ Sở Ngoại vụ's notice.
async fn drafts(db: &Db, actor: &Actor) -> Result<(), CliError> {
    let subject = "Chỉ định Ban Chấp hành lâm thời Chi bộ Văn phòng Sở 2";
    let id = db
        .draft_document(
            actor,
            &Draft {
                org: "DB-SCT".into(),
                kind: "QĐ".into(),
                template: Some("decision".into()),
                subject: subject.into(),
                body: templates::decision("Đảng ủy Sở Công Thương", subject),
                signer: None,
                signer_title: Some(
                    signature_titles(OrgKind::GrassrootsCommittee, false, false).join("\n"),
                ),
                recipients: recipient_lines(
                    &["Chi bộ Văn phòng Sở 2".into(), "Như Điều 3".into()],
                    "Văn phòng Đảng ủy",
                ),
                congress: None,
            },
        )
        .await?;
    db.issue_document(actor, id, d(2019, 2, 20)).await?;
    let agenda = [
        "Sinh hoạt chi bộ định kỳ tháng 12".to_string(),
        "Kiểm điểm, đánh giá, xếp loại đảng viên năm 2026".into(),
    ];
    db.draft_document(
        actor,
        &Draft {
            org: "CB-SNV".into(),
            kind: "TB".into(),
            template: Some("notice".into()),
            subject: "Tổ chức sinh hoạt chi bộ định kỳ tháng 12 năm 2026".into(),
            body: templates::notice(
                "Chi bộ Sở Ngoại vụ",
                None,
                Some("Phòng họp Sở Ngoại vụ"),
                &agenda,
            ),
            signer: None,
            signer_title: Some(signature_titles(OrgKind::Branch, false, false).join("\n")),
            recipients: recipient_lines(&["Các đồng chí đảng viên trong chi bộ".into()], "Chi bộ"),
            congress: None,
        },
    )
    .await?;
    Ok(())
}
