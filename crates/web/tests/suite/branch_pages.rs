//! The branch-life pages on a small fixture (CB-A1 in 2025: eleven meetings, April missed,
//! twelve members rated with the cap exceeded under an exception, a resolution with four
//! targets): the meeting calendar, the rating sheet with the cap explained, the review grid
//! and its chart show the figures counted by hand here; the .xlsx exports are workbooks
//! calamine reads back; a viewer of another subtree gets 404. SQLite and PostgreSQL.

use crate::common;

use std::io::Cursor;

use crate::common::{Env, d, envs, html, member, today};
use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use db::Actor;
use db::branch::{MemberRatingInput, NewMeeting, NewResolution};
use domain::branch::meeting::{Attendance, MeetingKind};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::branch::target::{Comparator, Period, Source, Target, Term};

const REASON: &str = "Tập thể có thành tích đặc biệt xuất sắc trong năm";

struct Fixture {
    /// The twelve members of CB-A1, `m[0]` the one `common` adds.
    m: Vec<i32>,
}

const NAMES: [&str; 11] = [
    "Nguyễn Văn An",
    "Lê Thị Bình",
    "Phạm Văn Cường",
    "Võ Thị Dung",
    "Hồ Văn Em",
    "Đặng Thị Giang",
    "Bùi Văn Hải",
    "Ngô Thị Khánh",
    "Đỗ Văn Long",
    "Dương Thị Mai",
    "Lý Văn Nam",
];

async fn fixture(env: &Env) -> Fixture {
    let a = Actor("test".into());
    let db = &env.db;
    let mut m = vec![env.person];
    for (i, n) in NAMES.iter().enumerate() {
        m.push(
            db.add_person(&a, "CB-A1", &member(n, &format!("710000{i:02}")), today())
                .await
                .unwrap(),
        );
    }
    // 2025: a meeting every month but April; m[0] always present, m[1] absent without reason
    // in January, m[2] excused four meetings running (February, March, May, June).
    let months = [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12];
    for month in months {
        let one = if month == 1 {
            Attendance::Unexcused
        } else {
            Attendance::Present
        };
        let two = if [2, 3, 5, 6].contains(&month) {
            Attendance::Excused("Đi công tác".into())
        } else {
            Attendance::Present
        };
        let thematic = month == 2;
        db.record_meeting(
            &a,
            &NewMeeting {
                org: "CB-A1".into(),
                kind: if thematic {
                    MeetingKind::Thematic
                } else {
                    MeetingKind::Regular
                },
                held_on: d(2025, month, 10),
                minutes: if thematic { 150 } else { 120 },
                thematic_part: thematic,
                topic: format!("Sinh hoạt tháng {month}/2025"),
                minutes_text: None,
                attendance: vec![(m[0], Attendance::Present), (m[1], one), (m[2], two)],
            },
            today(),
        )
        .await
        .unwrap();
    }
    // Ratings 2025: two Excellent, eight Good, two Complete; the cap allows ⌊8 × 20%⌋ = 1, so
    // the decision needs the exception granted first.
    let level = |i: usize| match i {
        0 | 1 => RatingLevel::Excellent,
        2..=9 => RatingLevel::Good,
        _ => RatingLevel::Complete,
    };
    db.rate_members(
        &a,
        "CB-A1",
        2025,
        RatingStage::SelfAssessment,
        &[MemberRatingInput {
            person: m[1],
            level: RatingLevel::Excellent,
            score: Some(95),
            note: None,
        }],
        today(),
    )
    .await
    .unwrap();
    let decisions: Vec<MemberRatingInput> = m
        .iter()
        .enumerate()
        .map(|(i, p)| MemberRatingInput {
            person: *p,
            level: level(i),
            score: (i == 1).then_some(92),
            note: None,
        })
        .collect();
    let refused = db
        .rate_members(
            &a,
            "CB-A1",
            2025,
            RatingStage::CommitteeDecision,
            &decisions,
            today(),
        )
        .await
        .unwrap_err();
    assert!(refused.is_bad_input(), "{}: {refused}", env.label);
    db.grant_rating_exception(
        &a,
        "CB-A1",
        2025,
        REASON,
        "Ban Thường vụ Đảng ủy Khối",
        today(),
    )
    .await
    .unwrap();
    db.rate_members(
        &a,
        "CB-A1",
        2025,
        RatingStage::CommitteeDecision,
        &decisions,
        today(),
    )
    .await
    .unwrap();
    // 2024: one Excellent and five Good, within the cap.
    let within: Vec<MemberRatingInput> = m[..6]
        .iter()
        .enumerate()
        .map(|(i, p)| MemberRatingInput {
            person: *p,
            level: if i == 0 {
                RatingLevel::Excellent
            } else {
                RatingLevel::Good
            },
            score: None,
            note: None,
        })
        .collect();
    db.rate_members(
        &a,
        "CB-A1",
        2024,
        RatingStage::CommitteeDecision,
        &within,
        today(),
    )
    .await
    .unwrap();

    let t = |text: &str, c: Comparator, v: f64, unit: &str, p: Period, s: Source| {
        Target::new(text, c, v, unit, p, s).unwrap()
    };
    db.add_resolution(
        &a,
        &NewResolution {
            org: "CB-A1".into(),
            term: Term::parse("2025-2030").unwrap(),
            title: "Nghị quyết Đại hội Chi bộ Phòng A1 nhiệm kỳ 2025-2030".into(),
            adopted_on: Some(d(2025, 1, 5)),
            targets: vec![
                t(
                    "Tỷ lệ đảng viên dự sinh hoạt đạt từ 95% trở lên",
                    Comparator::AtLeast,
                    95.0,
                    "%",
                    Period::EachYear,
                    Source::Attendance,
                ),
                t(
                    "Đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 80%",
                    Comparator::AtLeast,
                    80.0,
                    "%",
                    Period::EachYear,
                    Source::RatingGoodOrBetter,
                ),
                t(
                    "Xây dựng mô hình Dân vận khéo",
                    Comparator::AtLeast,
                    1.0,
                    "mô hình",
                    Period::WholeTerm,
                    Source::Manual,
                ),
                t(
                    "Đảng viên hoàn thành xuất sắc không quá 10%",
                    Comparator::AtMost,
                    10.0,
                    "%",
                    Period::EachYear,
                    Source::RatingExcellent,
                ),
            ],
        },
    )
    .await
    .unwrap();
    let r = db.resolution("CB-A1", None).await.unwrap();
    db.set_target_value(
        &a,
        r.targets[2].id,
        2025,
        1.0,
        "Quyết định công nhận mô hình số 12-QĐ/ĐU",
        today(),
    )
    .await
    .unwrap();
    Fixture { m }
}

fn workbook(bytes: &[u8], sheet: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    wb.worksheet_range(sheet).unwrap()
}

/// With `DANGVU_DUMP_PAGES=dir`, writes a page there to look at it as a user would.
fn dump(name: &str, body: &str) {
    if let Ok(dir) = std::env::var("DANGVU_DUMP_PAGES") {
        std::fs::write(std::path::Path::new(&dir).join(name), body).unwrap();
    }
}

fn text_at(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    r.get_value((row, col))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_meeting_calendar_flags_the_missed_month_and_the_members() {
    for env in envs().await {
        let l = env.label;
        fixture(&env).await;
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/lich-sinh-hoat?nam=2025",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let b = &r.body;
        dump("lich-sinh-hoat.html", b);
        // 11 meetings; 3 counted each = 33, absences 1 + 4, so 28/33 = 84,8%.
        assert!(b.contains("<b>11</b> cuộc sinh hoạt"), "{l}: {b}");
        assert!(b.contains("<b>84,8%</b>"), "{l}: {b}");
        assert!(b.contains("Tháng không sinh hoạt: tháng 4."), "{l}: {b}");
        assert!(
            b.contains("Quý đã qua chưa sinh hoạt chuyên đề: quý 2, quý 3, quý 4."),
            "{l}: {b}"
        );
        // January: m[1] absent, so 2/3.
        assert!(b.contains("2/3 (66,7%)</a>"), "{l}: {b}");
        assert!(b.contains("Sinh hoạt chuyên đề"), "{l}");
        assert!(b.contains("Vắng không lý do 1 lần"), "{l}: {b}");
        assert!(
            b.contains("Vắng có lý do 4 cuộc liên tiếp (quá 3)"),
            "{l}: {b}"
        );
        assert!(b.contains("2 đảng viên cần lưu ý"), "{l}: {b}");
        // The flagged members (m[1] An, m[2] Bình) come first, by given name; then Một.
        let an = b.find(&html("Nguyễn Văn An")).unwrap();
        let binh = b.find(&html("Lê Thị Bình")).unwrap();
        let mot = b.find(&html("Trần Văn Một")).unwrap();
        assert!(an < binh && binh < mot, "{l}");

        // The committee above sees each branch's rate and its own, from the same figures.
        let r = env
            .call(
                "canbo",
                "GET",
                "/to-chuc/DB-A/lich-sinh-hoat?nam=2025",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let b = &r.body;
        let table = &b[b.find("subordinate-attendance").expect("the table")..];
        let a1 = table.find(&html("Chi bộ Phòng A1")).unwrap();
        let a2 = table.find(&html("Chi bộ Phòng A2")).unwrap();
        let all = table.find(&html("Toàn Đảng bộ Sở A")).unwrap();
        assert!(a1 < a2 && a2 < all, "{l}");
        assert!(table[a1..a2].contains("84,8%"), "{l}: {table}");
        let row = table[..a1].rfind("<tr").unwrap();
        assert!(
            table[row..a1].contains("flagged"),
            "{l}: under 95% is marked"
        );
        assert!(table[a2..all].contains("—"), "{l}: CB-A2 held no meeting");
        assert!(table[all..].contains("84,8%"), "{l}: {table}");
        // A branch has no such table.
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/lich-sinh-hoat?nam=2025",
                None,
            )
            .await;
        assert!(!r.body.contains("subordinate-attendance"), "{l}");

        // A year with nothing: every month flagged, nothing invented.
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/lich-sinh-hoat?nam=2023",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains("<b>0</b> cuộc sinh hoạt"), "{l}");
        assert!(r.body.contains("tháng 1, tháng 2"), "{l}");
        // Bad input: a Vietnamese reason, no panic.
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/lich-sinh-hoat?nam=abc",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("không hợp lệ"), "{l}: {}", r.body);
    }
}

#[tokio::test]
async fn the_rating_sheet_counts_levels_and_explains_the_cap() {
    for env in envs().await {
        let l = env.label;
        let f = fixture(&env).await;
        let r = env
            .call("canbo", "GET", "/to-chuc/CB-A1/xep-loai?nam=2025", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let b = &r.body;
        dump("xep-loai.html", b);
        assert!(b.contains("12 đảng viên đã xếp loại"), "{l}: {b}");
        // 2/12, 8/12, 2/12, 0.
        assert!(
            b.contains("<th scope=\"row\">Hoàn thành xuất sắc nhiệm vụ</th><td><a href=\"/to-chuc/CB-A1/so-lieu?chi-so=xep-loai-excellent-2025&#38;ngay=2025-12-31\">2 (16,7%)</a></td>"),
            "{l}: {b}"
        );
        assert!(
            b.contains("<th scope=\"row\">Hoàn thành tốt nhiệm vụ</th><td><a href=\"/to-chuc/CB-A1/so-lieu?chi-so=xep-loai-good-2025&#38;ngay=2025-12-31\">8 (66,7%)</a></td>"),
            "{l}"
        );
        assert!(
            b.contains("<th scope=\"row\">Không hoàn thành nhiệm vụ</th><td><a href=\"/to-chuc/CB-A1/so-lieu?chi-so=xep-loai-incomplete-2025&#38;ngay=2025-12-31\">0 (0,0%)</a></td>"),
            "{l}"
        );
        // The cap: 2 Excellent over 8 Good allows 1; exceeded by 1, with the exception.
        assert!(b.contains("class=\"cap cap-exception\""), "{l}: {b}");
        assert!(
            b.contains("Vượt giới hạn, có ngoại lệ được cho phép"),
            "{l}"
        );
        assert!(b.contains("tức tối đa 01"), "{l}: {b}");
        assert!(b.contains("vượt 01"), "{l}: {b}");
        assert!(b.contains(&html(REASON)), "{l}");
        // The member with a self-assessment and a score.
        assert!(b.contains("<td>92</td>"), "{l}: {b}");
        assert_eq!(b.matches("<tr><td>").count(), 12, "{l}");

        // 2024 is within the cap.
        let r = env
            .call("canbo", "GET", "/to-chuc/CB-A1/xep-loai?nam=2024", None)
            .await;
        assert!(r.body.contains("class=\"cap cap-ok\""), "{l}: {}", r.body);
        assert!(r.body.contains("đạt quy định"), "{l}");

        // The export is a workbook with every member and the cap explained.
        let r = env
            .call(
                "canbo",
                "GET",
                "/to-chuc/CB-A1/xep-loai/xuat?nam=2025",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(
            r.disposition
                .as_deref()
                .unwrap()
                .contains("xep-loai-CB-A1-2025.xlsx"),
            "{l}"
        );
        let sheet = workbook(&r.bytes, reports::branch::review::RATING_SHEET);
        let names: Vec<String> = (3..15).map(|row| text_at(&sheet, row, 1)).collect();
        // m[1], An: self-assessed and decided Excellent, score 92.
        let an = 3 + names
            .iter()
            .position(|n| n == "Nguyễn Văn An")
            .unwrap_or_else(|| panic!("{l}: {names:?}")) as u32;
        assert_eq!(
            text_at(&sheet, an, 3),
            "Hoàn thành xuất sắc nhiệm vụ",
            "{l}"
        );
        assert_eq!(
            text_at(&sheet, an, 5),
            "Hoàn thành xuất sắc nhiệm vụ",
            "{l}"
        );
        assert_eq!(text_at(&sheet, an, 6), "92", "{l}");
        let binh = 3 + names.iter().position(|n| n == "Lê Thị Bình").unwrap() as u32;
        assert_eq!(text_at(&sheet, binh, 3), "—", "{l}");
        assert_eq!(text_at(&sheet, binh, 5), "Hoàn thành tốt nhiệm vụ", "{l}");
        let all: String = sheet.cells().map(|(_, _, v)| v.to_string()).collect();
        assert!(all.contains(REASON), "{l}");
        assert_eq!(f.m.len(), 12);

        // Above the grassroots level, the sheet points to the grassroots organizations.
        let r = env
            .call("quantri", "GET", "/to-chuc/DUK/xep-loai", None)
            .await;
        assert!(r.body.contains("/to-chuc/DB-A/xep-loai"), "{l}: {}", r.body);
        assert!(r.body.contains("/to-chuc/CB-B/xep-loai"), "{l}");
    }
}

#[tokio::test]
async fn the_review_shows_the_grid_the_rates_and_the_sentence() {
    for env in envs().await {
        let l = env.label;
        fixture(&env).await;
        let r = env
            .call("bithu", "GET", "/to-chuc/CB-A1/nghi-quyet", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let b = &r.body;
        dump("nghi-quyet.html", b);
        // Attendance 84,8% of 95% → 89,3%, not met; Good or better 10/12 = 83,3% of 80% →
        // 104,1%, met; the model entered by hand, met; Excellent 16,7% against at most 10% →
        // 10 ÷ 16,7 = 59,9%, not met and not above 60%.
        assert!(
            b.contains("Có 2/4 chỉ tiêu đạt 100% trở lên, 1 chỉ tiêu đạt trên 60%"),
            "{l}: {b}"
        );
        for figure in ["84,8%", "89,3%", "83,3%", "104,1%", "16,7%", "59,9%"] {
            assert!(b.contains(figure), "{l}: {figure} in {b}");
        }
        assert!(b.contains("<th>2025</th><th>2026</th>"), "{l}: {b}");
        assert!(
            b.contains("Quyết định công nhận mô hình số 12-QĐ/ĐU"),
            "{l}"
        );
        assert_eq!(b.matches("<b>Đạt</b>").count(), 2, "{l}");
        // One "Chưa đạt", one "Chưa đạt (đạt trên 60%)".
        assert_eq!(b.matches("<b>Chưa đạt").count(), 2, "{l}");
        assert_eq!(
            b.matches("<b>Chưa đạt (đạt trên 60%)</b>").count(),
            1,
            "{l}"
        );
        // The chart names the rates too.
        let svg = &b[b.find("<svg").unwrap()..];
        assert!(svg.contains("89,3%") && svg.contains("104,1%"), "{l}");

        // The export: the grid with numbers, the verdicts and the sentence.
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/nghi-quyet/xuat?dinh_dang=xlsx",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        let sheet = workbook(&r.bytes, reports::branch::review::REVIEW_SHEET);
        assert_eq!(text_at(&sheet, 3, 5), "Năm 2025", "{l}");
        assert_eq!(sheet.get_value((4, 5)), Some(&Data::Float(84.8)), "{l}");
        assert_eq!(sheet.get_value((4, 8)), Some(&Data::Float(89.3)), "{l}");
        assert_eq!(text_at(&sheet, 4, 9), "Chưa đạt (đạt trên 60%)", "{l}");
        assert_eq!(text_at(&sheet, 5, 9), "Đạt", "{l}");
        assert_eq!(
            text_at(&sheet, 9, 0),
            "Có 2/4 chỉ tiêu đạt 100% trở lên, 1 chỉ tiêu đạt trên 60%",
            "{l}"
        );
        // The same review as a Word document; another format is refused with the reason.
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/nghi-quyet/xuat?dinh_dang=docx",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.bytes.starts_with(b"PK"), "{l}: a .docx is a zip");
        assert!(
            r.content_type
                .as_deref()
                .is_some_and(|c| c.contains("wordprocessingml")),
            "{l}"
        );
        assert!(
            r.disposition
                .as_deref()
                .is_some_and(|d| d.contains(".docx")),
            "{l}"
        );
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/nghi-quyet/xuat?dinh_dang=pdf",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains(".docx"), "{l}");
        // An organization without a resolution says so; a bad term is refused.
        let r = env
            .call("canbo", "GET", "/to-chuc/CB-A2/nghi-quyet", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains("chưa ghi nghị quyết đại hội"), "{l}");
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/nghi-quyet?nhiem_ky=2025",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        // The mid-term review of a day (as `review --as-of`): only the years up to it; a day
        // before the term began is refused in Vietnamese.
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/nghi-quyet?ngay=2025-12-31",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(
            r.body.contains("sơ kết giữa nhiệm kỳ tại ngày 31/12/2025"),
            "{l}: {}",
            r.body
        );
        // The day stays in the form and in the links that narrow the table.
        assert!(r.body.contains(r#"name="ngay" value="31/12/2025""#), "{l}");
        assert!(r.body.contains("&amp;ngay=2025-12-31"), "{l}");
        let r = env
            .call(
                "bithu",
                "GET",
                "/to-chuc/CB-A1/nghi-quyet?ngay=2024-06-01",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("trước khi nhiệm kỳ 2025–2030 bắt đầu"),
            "{l}: {}",
            r.body
        );
        // The organization page links to the three pages.
        let r = env.call("bithu", "GET", "/to-chuc/CB-A1", None).await;
        for link in ["lich-sinh-hoat", "xep-loai", "nghi-quyet"] {
            assert!(
                r.body.contains(&format!("/to-chuc/CB-A1/{link}")),
                "{l}: {link}"
            );
        }
    }
}

#[tokio::test]
async fn a_viewer_of_another_subtree_gets_404() {
    for env in envs().await {
        let l = env.label;
        fixture(&env).await;
        for uri in [
            "/to-chuc/CB-A1/nghi-quyet",
            "/to-chuc/CB-A1/nghi-quyet/xuat",
            "/to-chuc/CB-A1/lich-sinh-hoat?nam=2025",
            "/to-chuc/CB-A1/xep-loai?nam=2025",
            "/to-chuc/CB-A1/xep-loai/xuat?nam=2025",
        ] {
            let r = env.call("nguoixem", "GET", uri, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {uri}");
            for secret in ["Chi bộ Phòng A1", "Trần Văn Một", "Lê Thị Bình"] {
                assert!(!r.body.contains(&html(secret)), "{l}: {uri} leaks {secret}");
            }
            // The same user reads its own branch's page.
            let own = uri.replace("CB-A1", "CB-B");
            let r = env.call("nguoixem", "GET", &own, None).await;
            assert_ne!(r.status, StatusCode::NOT_FOUND, "{l}: {own}");
        }
    }
}

/// The superior's roll-up: CB-A1's review (2/4 met, 1 above 60%) and CB-B's (one target, met)
/// for the Block, CB-A1 first as the one needing attention, the totals, the year 2025 judged
/// alone, the workbook read back; a reader sees only its own subtree, and a superior outside
/// it answers 404.
#[tokio::test]
async fn the_roll_up_lists_each_organization_those_needing_attention_first() {
    for env in envs().await {
        let l = env.label;
        fixture(&env).await;
        let a = Actor("test".into());
        env.db
            .add_resolution(
                &a,
                &NewResolution {
                    org: "CB-B".into(),
                    term: Term::parse("2025-2030").unwrap(),
                    title: "Nghị quyết Đại hội Chi bộ Sở B".into(),
                    adopted_on: Some(d(2025, 3, 1)),
                    targets: vec![
                        Target::new(
                            "Xây dựng mô hình Dân vận khéo",
                            Comparator::AtLeast,
                            1.0,
                            "mô hình",
                            Period::WholeTerm,
                            Source::Manual,
                        )
                        .unwrap(),
                    ],
                },
            )
            .await
            .unwrap();
        let t = env.db.resolution("CB-B", None).await.unwrap().targets[0].id;
        env.db
            .set_target_value(&a, t, 2025, 2.0, "Quyết định công nhận số 3-QĐ/ĐU", today())
            .await
            .unwrap();
        for uri in [
            "/to-chuc/DUK/nghi-quyet/tong-hop",
            "/to-chuc/DUK/nghi-quyet/tong-hop?ky=nam&nam=2025",
            "/to-chuc/TU/nghi-quyet/tong-hop?ky=giua-nhiem-ky",
        ] {
            let r = env.call("quantri", "GET", uri, None).await;
            assert_eq!(r.status, StatusCode::OK, "{l}: {uri}: {}", r.body);
            let b = &r.body;
            dump("tong-hop.html", b);
            let a1 = b.find(&html("Chi bộ Phòng A1")).expect("CB-A1 listed");
            let sb = b[a1..].find(&html("Chi bộ Sở B")).map(|i| a1 + i);
            assert!(
                sb.is_some(),
                "{l}: {uri}: CB-A1 (needs attention) before CB-B"
            );
            assert!(
                b.contains("2/4 chỉ tiêu đạt 100% trở lên, 1 chỉ tiêu đạt trên 60%"),
                "{l}: {uri}"
            );
            assert!(
                b.contains("1/1 chỉ tiêu đạt 100% trở lên, 0 chỉ tiêu đạt trên 60%"),
                "{l}: {uri}"
            );
            assert!(
                b.contains(&html(
                    "2 tổ chức có nghị quyết; 1 tổ chức đạt toàn bộ chỉ tiêu, 1 tổ chức có chỉ tiêu chưa đạt 60%. Tổng cộng 3/5 chỉ tiêu đạt 100% trở lên, 1 chỉ tiêu đạt trên 60%"
                )),
                "{l}: {uri}: {b}"
            );
            let svg = &b[b.find("<svg").expect("a chart")..];
            assert!(svg.contains("2/4") && svg.contains("1/1"), "{l}");
        }
        let r = env
            .call(
                "quantri",
                "GET",
                "/to-chuc/DUK/nghi-quyet/tong-hop?ky=nam&nam=2020",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains("Chưa có tổ chức trực thuộc nào"), "{l}");
        for bad in ["?ky=tuan", "?ky=nam&nam=1900", "?ky=nam&nam=abc"] {
            let r = env
                .call(
                    "quantri",
                    "GET",
                    &format!("/to-chuc/DUK/nghi-quyet/tong-hop{bad}"),
                    None,
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {bad}");
        }

        // The workbook: one row per organization in the page's order, counts as numbers.
        let r = env
            .call(
                "quantri",
                "GET",
                "/to-chuc/DUK/nghi-quyet/tong-hop/xuat",
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(
            r.disposition
                .as_deref()
                .is_some_and(|d| d.contains(".xlsx")),
            "{l}"
        );
        let sheet = workbook(&r.bytes, reports::branch::review::ROLLUP_SHEET);
        assert_eq!(text_at(&sheet, 4, 1), "CB-A1", "{l}");
        assert_eq!(text_at(&sheet, 5, 1), "CB-B", "{l}");
        assert_eq!(sheet.get_value((4, 5)), Some(&Data::Float(4.0)), "{l}");
        assert_eq!(sheet.get_value((4, 6)), Some(&Data::Float(2.0)), "{l}");
        assert_eq!(sheet.get_value((4, 7)), Some(&Data::Float(1.0)), "{l}");
        assert_eq!(sheet.get_value((4, 10)), Some(&Data::Float(50.0)), "{l}");
        assert_eq!(text_at(&sheet, 6, 2), "Tổng cộng", "{l}");
        assert_eq!(sheet.get_value((6, 5)), Some(&Data::Float(5.0)), "{l}");

        // The staff of DB-A sees its own subtree only; the Block is outside it.
        let r = env
            .call("canbo", "GET", "/to-chuc/DB-A/nghi-quyet/tong-hop", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains(&html("Chi bộ Phòng A1")), "{l}");
        assert!(!r.body.contains(&html("Chi bộ Sở B")), "{l}");
        for (user, uri) in [
            ("canbo", "/to-chuc/DUK/nghi-quyet/tong-hop"),
            ("canbo", "/to-chuc/DUK/nghi-quyet/tong-hop/xuat"),
            ("nguoixem", "/to-chuc/DB-A/nghi-quyet/tong-hop"),
            ("nguoixem", "/to-chuc/DB-A/nghi-quyet/tong-hop/xuat"),
            ("bithu", "/to-chuc/DB-A/nghi-quyet/tong-hop"),
        ] {
            let r = env.call(user, "GET", uri, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {user} {uri}");
            assert!(
                !r.body.contains(&html("Chi bộ Phòng A1")),
                "{l}: {user} {uri}"
            );
        }
        // The Block's page and the home dashboard link to it.
        let r = env.call("quantri", "GET", "/to-chuc/DUK", None).await;
        assert!(r.body.contains("/to-chuc/DUK/nghi-quyet/tong-hop"), "{l}");
        let r = env.call("quantri", "GET", "/", None).await;
        assert!(r.body.contains("/to-chuc/TU/nghi-quyet/tong-hop"), "{l}");
    }
}

// ---------------------------------------------------------------------------------------------
// Recording branch life from the pages (issue 5, h4): the meeting form on the calendar, the
// study and supervision forms, the rating sheet's forms. Good input is saved and shows on the
// page; bad input comes back 422 with the Vietnamese reason and nothing saved; a viewer (no
// write right) and an outsider are refused.
// ---------------------------------------------------------------------------------------------

mod entry {
    use super::*;
    use common::{CSRF, form};

    /// Adds members to CB-A1 beside the one `common` adds; returns all their ids, `common`'s
    /// first.
    pub async fn members(env: &Env, names: &[&str]) -> Vec<i32> {
        let a = Actor("test".into());
        let mut ids = vec![env.person];
        for (i, n) in names.iter().enumerate() {
            ids.push(
                env.db
                    .add_person(&a, "CB-A1", &member(n, &format!("720000{i:02}")), today())
                    .await
                    .unwrap(),
            );
        }
        ids
    }

    pub fn roster(ids: &[i32]) -> String {
        ids.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Posts a form as `user`, then follows the redirect; returns (post status, page body).
    pub async fn post(
        env: &Env,
        user: &str,
        uri: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let mut all = vec![("csrf", CSRF)];
        all.extend_from_slice(fields);
        let r = env.call(user, "POST", uri, Some(form(&all))).await;
        if r.status == StatusCode::SEE_OTHER {
            let location = r.location.clone().unwrap();
            let to = location.split('#').next().unwrap();
            let page = env.call(user, "GET", to, None).await;
            assert_eq!(page.status, StatusCode::OK, "{}: {to}", env.label);
            (r.status, page.body)
        } else {
            (r.status, r.body)
        }
    }
}

#[tokio::test]
async fn a_secretary_records_a_meeting_with_its_attendance() {
    for env in envs().await {
        let l = env.label;
        let ids = entry::members(&env, &["Phan Thị Hoa", "Vũ Văn Khoa"]).await;
        let page = env
            .call("bithu", "GET", "/to-chuc/CB-A1/lich-sinh-hoat", None)
            .await;
        assert!(page.body.contains("Ghi cuộc sinh hoạt đã họp"), "{l}");
        // Everyone present by default: three radio buttons checked on "present".
        assert_eq!(
            page.body.matches("value=\"present\" checked").count(),
            3,
            "{l}"
        );
        let roster = entry::roster(&ids);
        let (a1, a2) = (format!("a_{}", ids[1]), format!("a_{}", ids[2]));
        let r1 = format!("r_{}", ids[1]);
        let uri = "/to-chuc/CB-A1/lich-sinh-hoat";
        let base = |held: &'static str, topic: &'static str| {
            vec![
                ("kind", "regular"),
                ("held_on", held),
                ("minutes", "80"),
                ("topic", topic),
                (
                    "minutes_text",
                    "Chi bộ thống nhất phân công nhiệm vụ quý IV.",
                ),
                ("roster", roster.as_str()),
            ]
        };
        let mut fields = base("10/11/2026", "Sinh hoạt định kỳ tháng 11");
        fields.extend([
            (a1.as_str(), "excused"),
            (r1.as_str(), "Đi công tác"),
            (a2.as_str(), "unexcused"),
        ]);
        let (status, b) = entry::post(&env, "bithu", uri, &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        dump("lich-sinh-hoat-ghi.html", &b);
        assert!(
            b.contains("Đã ghi sinh hoạt định kỳ ngày 10/11/2026: có mặt 1/3 đảng viên (33,3%)."),
            "{l}: {b}"
        );
        // 80 minutes: saved, with the warning of HD 42.
        assert!(
            b.contains("Cuộc họp chỉ kéo dài 80 phút, dưới mức tối thiểu 90 phút"),
            "{l}: {b}"
        );
        assert!(b.contains("1/3 (33,3%)</a>"), "{l}");
        assert!(b.contains("Vắng không lý do 1 lần"), "{l}");
        let stored = env
            .db
            .meetings("CB-A1", d(2026, 1, 1), today())
            .await
            .unwrap();
        assert_eq!(stored.len(), 1, "{l}");
        assert!(
            env.audit("meeting")
                .await
                .iter()
                .any(|e| e.action == "meeting_recorded"),
            "{l}"
        );

        // Refusals: beside the field, in Vietnamese, nothing saved.
        let refusals: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (
                base("01/12/2026", "Họp trước"),
                "chưa diễn ra nên không thể ghi là đã họp",
            ),
            (base("12/11/2026", " "), "không được để trống"),
            (
                {
                    let mut f = base("12/11/2026", "Thiếu lý do");
                    f.push((a1.as_str(), "excused"));
                    f
                },
                "vắng có lý do thì phải ghi lý do",
            ),
            (
                {
                    let mut f = base("12/11/2026", "Thời lượng");
                    f[2] = ("minutes", "hai giờ");
                    f
                },
                "thời lượng &#39;hai giờ&#39; không phải số phút",
            ),
            (
                {
                    let mut f = base("12/11/2026", "Danh sách cũ");
                    f[5] = ("roster", "");
                    f
                },
                "khác danh sách trên biểu mẫu",
            ),
            (
                {
                    let mut f = base("12/11/2026", "Loại lạ");
                    f[0] = ("kind", "hội thảo");
                    f
                },
                "loại sinh hoạt &#39;hội thảo&#39; không hợp lệ",
            ),
        ];
        for (fields, reason) in refusals {
            let (status, b) = entry::post(&env, "bithu", uri, &fields).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {reason}");
            assert!(b.contains(reason), "{l}: {reason} in {b}");
            assert!(
                b.contains("Chưa có gì được lưu") || b.contains("khác danh sách"),
                "{l}"
            );
        }
        assert_eq!(
            env.db
                .meetings("CB-A1", d(2026, 1, 1), today())
                .await
                .unwrap()
                .len(),
            1,
            "{l}: a refused meeting was saved"
        );

        // A viewer sees no form and may not post; an outsider is refused too.
        let r = env
            .call("nguoixem", "GET", "/to-chuc/CB-B/lich-sinh-hoat", None)
            .await;
        assert!(!r.body.contains("Ghi cuộc sinh hoạt đã họp"), "{l}");
        let ok = base("10/11/2026", "Không được ghi");
        for (user, code) in [
            ("nguoixem", "CB-B"),
            ("bithu", "CB-A2"),
            ("nguoixem", "CB-A1"),
        ] {
            let (status, b) =
                entry::post(&env, user, &format!("/to-chuc/{code}/lich-sinh-hoat"), &ok).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{l}: {user} {code}");
            assert!(!b.contains(&html("Trần Văn Một")), "{l}");
        }
        for code in ["CB-A1", "CB-A2", "CB-B"] {
            assert!(
                env.db
                    .meetings(code, d(2026, 1, 1), today())
                    .await
                    .unwrap()
                    .iter()
                    .all(|m| m.topic != "Không được ghi"),
                "{l}: {code}"
            );
        }
    }
}

#[tokio::test]
async fn study_supervision_and_the_plan_are_recorded_on_their_page() {
    for env in envs().await {
        let l = env.label;
        let ids = entry::members(&env, &["Phan Thị Hoa", "Vũ Văn Khoa"]).await;
        let uri = "/to-chuc/CB-A1/hoc-tap-giam-sat";
        let page = env.call("bithu", "GET", uri, None).await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {}", page.body);
        assert!(page.body.contains("Ghi buổi học tập"), "{l}");
        // The organization page links here.
        let org = env.call("bithu", "GET", "/to-chuc/CB-A1", None).await;
        assert!(org.body.contains("/to-chuc/CB-A1/hoc-tap-giam-sat"), "{l}");

        let roster = entry::roster(&ids);
        let (p0, p1) = (ids[0].to_string(), ids[1].to_string());
        let study = |held: &'static str, title: &'static str| {
            vec![
                ("kind", "resolution"),
                ("held_on", held),
                ("topic", title),
                ("roster", roster.as_str()),
            ]
        };
        let mut fields = study("05/11/2026", "Nghị quyết Đại hội XIV của Đảng");
        fields.extend([("p", p0.as_str()), ("p", p1.as_str())]);
        let (status, b) = entry::post(&env, "bithu", &format!("{uri}/hoc-tap"), &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        dump("hoc-tap-giam-sat.html", &b);
        assert!(b.contains("Đã ghi buổi học tập."), "{l}: {b}");
        assert!(b.contains("Nghị quyết Đại hội XIV của Đảng"), "{l}");
        assert!(b.contains("2/3 đảng viên (66,7%)"), "{l}: {b}");
        let (status, b) = entry::post(
            &env,
            "bithu",
            &format!("{uri}/hoc-tap"),
            &study("05/12/2026", "Chưa học"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            b.contains("buổi học tập ngày 5/12/2026 chưa diễn ra"),
            "{l}: {b}"
        );
        let (status, b) = entry::post(
            &env,
            "bithu",
            &format!("{uri}/hoc-tap"),
            &study("06/11/2026", "Không ai"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(b.contains("Chưa đánh dấu người nào dự học tập"), "{l}");
        assert_eq!(
            env.db.study_sessions("CB-A1", 2026).await.unwrap().len(),
            1,
            "{l}"
        );

        // A supervision; a member of another branch and an empty content are refused.
        let sup = |person: &str, content: &str| {
            vec![
                ("person", person.to_string()),
                ("held_on", "01/10/2026".to_string()),
                ("kind", "inspection".to_string()),
                ("content", content.to_string()),
                (
                    "conclusion",
                    "Hoàn thành tốt nhiệm vụ được giao".to_string(),
                ),
            ]
        };
        let post_sup = async |f: Vec<(&str, String)>| {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            entry::post(&env, "bithu", &format!("{uri}/giam-sat"), &f).await
        };
        let (status, b) = post_sup(sup(&p1, "Việc giữ gìn phẩm chất, đạo đức")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        assert!(b.contains("Việc giữ gìn phẩm chất, đạo đức"), "{l}");
        assert!(b.contains("Kiểm tra</td>"), "{l}");
        let (status, b) = post_sup(sup(&p1, " ")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            b.contains("nội dung kiểm tra, giám sát không được để trống"),
            "{l}"
        );
        let stranger = env
            .db
            .add_person(
                &Actor("test".into()),
                "CB-A2",
                &member("Mai Văn Lạ", "72999999"),
                today(),
            )
            .await
            .unwrap();
        let (status, b) = post_sup(sup(&stranger.to_string(), "Giám sát người ngoài")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            b.contains("không sinh hoạt tại Chi bộ Phòng A1"),
            "{l}: {b}"
        );
        assert!(!b.contains(&html("Mai Văn Lạ")), "{l}");
        assert_eq!(
            env.db.supervisions("CB-A1", 2026).await.unwrap().len(),
            1,
            "{l}"
        );

        // The plan: 30% of members; coverage 1 of 3 against it.
        let (status, b) = entry::post(
            &env,
            "bithu",
            &format!("{uri}/ke-hoach"),
            &[
                ("year", "2026"),
                ("percent", "30"),
                ("content", "Giám sát việc thực hiện nhiệm vụ"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        assert!(
            b.contains("Kế hoạch năm 2026: Kiểm tra, giám sát 30,0% số đảng viên: Giám sát việc thực hiện nhiệm vụ"),
            "{l}: {b}"
        );
        assert!(
            b.contains("Đã kiểm tra, giám sát 01/03 đảng viên (33,3%); kế hoạch 30,0%, đã đạt."),
            "{l}: {b}"
        );
        let (status, b) = entry::post(
            &env,
            "bithu",
            &format!("{uri}/ke-hoach"),
            &[("year", "2026"), ("percent", "130")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(b.contains("phải từ 0 đến 100%"), "{l}: {b}");
        assert_eq!(
            env.db
                .supervision_plan("CB-A1", 2026)
                .await
                .unwrap()
                .map(|p| p.0),
            Some(30.0),
            "{l}"
        );

        // A viewer and an outsider are refused on every form.
        for path in ["hoc-tap", "giam-sat", "ke-hoach"] {
            for (user, code) in [("nguoixem", "CB-B"), ("bithu", "CB-A2")] {
                let r = env
                    .call(
                        user,
                        "POST",
                        &format!("/to-chuc/{code}/hoc-tap-giam-sat/{path}"),
                        Some(common::form(&[
                            ("csrf", common::CSRF),
                            ("year", "2026"),
                            ("percent", "30"),
                        ])),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}: {user} {code} {path}");
            }
        }
        let r = env
            .call("nguoixem", "GET", "/to-chuc/CB-B/hoc-tap-giam-sat", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(!r.body.contains("Ghi buổi học tập"), "{l}");
        let r = env
            .call("nguoixem", "GET", "/to-chuc/CB-A1/hoc-tap-giam-sat", None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{l}");
        assert!(
            env.db
                .supervision_plan("CB-A2", 2026)
                .await
                .unwrap()
                .is_none(),
            "{l}"
        );
    }
}

#[tokio::test]
async fn the_rating_sheet_records_stages_the_cap_and_its_exception() {
    for env in envs().await {
        let l = env.label;
        let ids = entry::members(
            &env,
            &[
                "Phan Thị Hoa",
                "Vũ Văn Khoa",
                "Lâm Thị Lan",
                "Tạ Văn Minh",
                "Hà Thị Nga",
            ],
        )
        .await;
        let uri = "/to-chuc/CB-A1/xep-loai";
        let page = env
            .call("bithu", "GET", &format!("{uri}?nam=2025"), None)
            .await;
        assert!(page.body.contains("Ghi xếp loại đảng viên năm 2025"), "{l}");
        assert!(
            page.body.contains("Bước: <b>Tự đánh giá, xếp loại</b>"),
            "{l}"
        );
        let keys: Vec<(String, String)> = ids
            .iter()
            .map(|i| (format!("l_{i}"), format!("s_{i}")))
            .collect();
        // Self-assessment: everyone Good, the first with 85 points.
        let mut fields = vec![("nam", "2025"), ("stage", "self")];
        for (k, _) in &keys {
            fields.push((k.as_str(), "good"));
        }
        fields.push((keys[0].1.as_str(), "85"));
        let (status, b) = entry::post(&env, "bithu", uri, &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        assert!(b.contains("Đã ghi xếp loại đảng viên."), "{l}");
        assert!(b.contains("<td>85</td>"), "{l}: {b}");
        // The same stage twice is refused with the reason, nothing added.
        let (status, b) = entry::post(&env, "bithu", uri, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(b.contains("không xếp loại một năm hai lần"), "{l}: {b}");

        // The decision with two Excellent for four Good breaks the cap (at most 0): refused
        // with the explanation, nothing saved.
        let mut decision = vec![("nam", "2025"), ("stage", "decision")];
        for (i, (k, _)) in keys.iter().enumerate() {
            decision.push((k.as_str(), if i < 2 { "excellent" } else { "good" }));
        }
        let (status, b) = entry::post(&env, "bithu", uri, &decision).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(b.contains("tức tối đa 00"), "{l}: {b}");
        assert!(b.contains("vượt 02"), "{l}: {b}");
        let sheet = env.db.rating_sheet("CB-A1", 2025, today()).await.unwrap();
        assert!(sheet.iter().all(|r| r.decision.is_none()), "{l}");
        // A level above the score's band is refused beside the member.
        let mut above = vec![
            ("nam", "2025"),
            ("stage", "proposal"),
            (keys[0].0.as_str(), "excellent"),
            (keys[0].1.as_str(), "80"),
        ];
        above.push((keys[1].0.as_str(), "giỏi"));
        let (status, b) = entry::post(&env, "bithu", uri, &above).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            b.contains("80 điểm chỉ cho phép xếp loại đến mức"),
            "{l}: {b}"
        );
        assert!(
            b.contains("mức xếp loại &#39;giỏi&#39; không hợp lệ"),
            "{l}: {b}"
        );

        // The exception belongs to the grassroots committee: its staff records it, the
        // branch secretary may not.
        let exception = [
            ("nam", "2025"),
            ("reason", "Chi bộ có hai đồng chí được khen thưởng cấp tỉnh"),
            ("granted_by", "Ban Thường vụ Đảng ủy Khối"),
        ];
        assert!(!b.contains("Ghi ngoại lệ về giới hạn"), "{l}");
        let (status, _) = entry::post(&env, "bithu", &format!("{uri}/ngoai-le"), &exception).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{l}");
        let (status, b) = entry::post(
            &env,
            "canbo",
            &format!("{uri}/ngoai-le"),
            &[
                ("nam", "2025"),
                ("reason", " "),
                ("granted_by", "Ban Thường vụ"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(b.contains("hãy ghi lý do được cho phép ngoại lệ"), "{l}");
        let (status, b) = entry::post(&env, "canbo", &format!("{uri}/ngoai-le"), &exception).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        assert!(b.contains("Đã ghi ngoại lệ"), "{l}");
        let (status, b) = entry::post(&env, "canbo", uri, &decision).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        dump("xep-loai-ghi.html", &b);
        assert!(b.contains("class=\"cap cap-exception\""), "{l}: {b}");
        assert!(b.contains("6 đảng viên đã xếp loại"), "{l}: {b}");
        assert!(
            b.contains(&html("Chi bộ có hai đồng chí được khen thưởng cấp tỉnh")),
            "{l}"
        );

        // The organization's own rating, once a stage.
        let org_rating = [
            ("nam", "2025"),
            ("stage", "decision"),
            ("level", "good"),
            ("score", ""),
        ];
        let (status, b) = entry::post(&env, "bithu", &format!("{uri}/to-chuc"), &org_rating).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{l}: {b}");
        assert!(
            b.contains("Xếp loại Chi bộ Phòng A1 năm 2025: <b>Hoàn thành tốt nhiệm vụ (Cấp ủy quyết định)</b>"),
            "{l}: {b}"
        );
        let (status, b) = entry::post(&env, "bithu", &format!("{uri}/to-chuc"), &org_rating).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(b.contains("hai lần"), "{l}: {b}");

        // A viewer and an outsider are refused.
        for (user, code, path) in [
            ("nguoixem", "CB-B", ""),
            ("nguoixem", "CB-B", "/to-chuc"),
            ("nguoixem", "CB-B", "/ngoai-le"),
            ("bithu", "CB-A2", ""),
            ("nguoixem", "CB-A1", "/to-chuc"),
        ] {
            let (status, _) = entry::post(
                &env,
                user,
                &format!("/to-chuc/{code}/xep-loai{path}"),
                &org_rating,
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{l}: {user} {code}{path}");
        }
        assert!(env.db.org_ratings("CB-B").await.unwrap().is_empty(), "{l}");
    }
}
