use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

#[test]
fn slug_drops_diacritics_and_punctuation() {
    assert_eq!(
        slug_base("Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025"),
        "dai-hoi-chi-bo-so-ngoai-vu-lan-thu-iv-nhiem-ky-2020-2025"
    );
    assert_eq!(
        slug_base("  <script>alert(1)</script> "),
        "script-alert-1-script"
    );
    assert_eq!(slug_base("!!!"), "tin-bai");
    assert_eq!(slug_numbered("dai-hoi", 1), "dai-hoi");
    assert_eq!(slug_numbered("dai-hoi", 3), "dai-hoi-3");
}

#[test]
fn a_long_title_is_cut_at_a_word() {
    let s = slug_base(&"Sở Ngoại vụ xây dựng tổ chức cơ sở Đảng ".repeat(6));
    assert!(s.len() <= MAX_SLUG_CHARS, "{s}");
    assert!(!s.ends_with('-') && is_slug(&s), "{s}");
    assert!(
        "so-ngoai-vu-xay-dung-to-chuc-co-so-dang-so-ngoai-vu-xay-dung-to-chuc-co-so-dang-so"
            .starts_with(&s),
        "{s}"
    );
}

#[test]
fn only_a_draft_or_withdrawn_article_is_edited() {
    assert!(ArticleStatus::Draft.editable());
    assert!(ArticleStatus::Withdrawn.editable());
    assert!(!ArticleStatus::Published.editable());
    for s in ArticleStatus::ALL {
        assert_eq!(ArticleStatus::from_code(s.code()), Some(s));
    }
}

#[test]
fn the_text_is_checked_field_by_field() {
    let e = ArticleText::parse("  ", "\n \n", &"x".repeat(301)).unwrap_err();
    let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["title", "body", "source"]);
    assert_eq!(e[0].1.to_string(), "tiêu đề không được để trống");
    let t = ArticleText::parse(
        " Tin  mới ",
        "Đoạn một\r\ndòng hai  \r\n\r\n\r\nĐoạn hai\n",
        "Nguồn: Chi bộ",
    )
    .unwrap();
    assert_eq!(t.title, "Tin mới");
    assert_eq!(t.body, "Đoạn một\ndòng hai\n\nĐoạn hai");
}

#[test]
fn the_body_reads_as_paragraphs_and_subheadings() {
    let b = blocks("## Kết quả\n\nNgày 15/5/2020, Chi bộ\ntổ chức Đại hội.\n\n#hashtag");
    assert_eq!(
        b,
        [
            Block::Heading("Kết quả".into()),
            Block::Paragraph("Ngày 15/5/2020, Chi bộ tổ chức Đại hội.".into()),
            Block::Paragraph("#hashtag".into()),
        ]
    );
}

#[test]
fn a_summary_is_cut_at_a_word() {
    assert_eq!(summary("Ngắn.\n\nHai.", 50), "Ngắn.");
    assert_eq!(
        summary("Ngày 15/5/2020, Chi bộ Sở Ngoại vụ tổ chức", 20),
        "Ngày 15/5/2020, Chi…"
    );
}

#[test]
fn related_prefers_the_same_organization_then_the_nearest_date() {
    let c = |id, org_id, t| Candidate {
        id,
        org_id,
        published_at: t,
    };
    let this = c(1, 10, at(2020, 5, 18, 2));
    let others = [
        this.clone(),
        c(2, 20, at(2020, 5, 18, 3)),
        c(3, 10, at(2019, 1, 1, 0)),
        c(4, 10, at(2020, 6, 1, 0)),
        c(5, 20, at(2020, 1, 1, 0)),
    ];
    assert_eq!(related(&this, &others, 3), [4, 3, 2]);
    assert_eq!(related(&this, &others, 10), [4, 3, 2, 5]);
}

#[test]
fn the_archive_month_and_the_stamp_are_in_vietnam() {
    // 18/05/2020 09:26 in Vietnam is 02:26 UTC; 31/5 20:00 UTC is already June there.
    let t = NaiveDate::from_ymd_opt(2020, 5, 18)
        .unwrap()
        .and_hms_opt(2, 26, 0)
        .unwrap();
    assert_eq!(stamp(t), "09:26 | 18/05/2020");
    assert_eq!(archive_month(at(2020, 5, 31, 20)), (2020, 6));
    let (from, to) = month_bounds(2020, 6).unwrap();
    assert_eq!(from, at(2020, 5, 31, 17));
    assert_eq!(to, at(2020, 6, 30, 17));
    assert!(month_bounds(2020, 13).is_none());
    assert!(month_bounds(10_000, 1).is_none());
}

proptest! {
    #[test]
    fn every_slug_is_a_slug(title in "\\PC{0,200}", n in 1u32..50) {
        let s = slug_numbered(&slug_base(&title), n);
        prop_assert!(is_slug(&s), "{:?} -> {:?}", title, s);
    }

    #[test]
    fn a_normalized_body_normalizes_to_itself(body in "[a-zđ \\r\\n]{0,80}") {
        let once = normalize_body(&body);
        prop_assert_eq!(normalize_body(&once), once.clone());
        prop_assert!(!once.contains("\n\n\n"));
    }
}
