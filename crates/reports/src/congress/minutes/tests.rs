use chrono::NaiveDate;
use domain::election::{Ballot, BaseSpec, DEFAULT_INVALID_REASON, Exclusion, Round, count_round};

use super::*;
use crate::document::tests::docx_text;
use crate::pdf::tests::pdf_text;

const CANDIDATES: [&str; 6] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thị Dung",
    "Võ Minh Đức",
    "Huỳnh Thị Giang",
];

/// Seed 000's branch: 22 summoned, one absent with reason, 21 ballots for 5 seats among 6.
/// Ballot 21 keeps all six names (invalid); the others strike one name each.
pub(crate) fn round() -> RoundResult {
    let struck = |names: &[&str]| Ballot::Struck(names.iter().map(|s| s.to_string()).collect());
    let mut ballots = Vec::new();
    // Votes: An 20, Bình 19, Cường 17, Dung 15, Đức 14, Giang 15 of 20 valid ballots.
    let strikes: [(&str, usize); 6] = [
        ("Nguyễn Văn An", 0),
        ("Trần Thị Bình", 1),
        ("Lê Hoàng Cường", 3),
        ("Phạm Thị Dung", 5),
        ("Võ Minh Đức", 6),
        ("Huỳnh Thị Giang", 5),
    ];
    for (name, n) in strikes {
        for _ in 0..n {
            ballots.push(struck(&[name]));
        }
    }
    assert_eq!(ballots.len(), 20);
    ballots.push(struck(&[]));
    count_round(&Round {
        seats: 5,
        base: BaseSpec::Summoned {
            summoned: 22,
            exclusions: vec![(Exclusion::AbsentWithReason, 1)],
        },
        candidates: CANDIDATES.map(String::from).to_vec(),
        ballots_issued: 21,
        ballots,
    })
    .unwrap()
}

pub(crate) fn info() -> MinutesInfo {
    MinutesInfo {
        issuer: Issuer {
            superior: "Đảng bộ Khối các cơ quan tỉnh".into(),
            organization: "Chi bộ Sở Ngoại vụ".into(),
            place: "Kiên Giang".into(),
            date: NaiveDate::from_ymd_opt(2020, 5, 15).unwrap(),
        },
        number: Some("05-BB/ĐH".into()),
        congress: CongressInfo {
            name: "Đại hội Chi bộ Sở Ngoại vụ".into(),
            ordinal: 4,
            term: "2020–2025".into(),
            kind: CongressKind::Members,
        },
        election: "Bầu Chi ủy Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025".into(),
        round: 1,
        time: Some("10 giờ 30".into()),
        venue: Some("Hội trường Sở Ngoại vụ".into()),
        summoned: 22,
        present: 21,
        board: vec![
            BoardMember {
                name: "Đặng Văn Hùng".into(),
                role: BoardRole::Head,
            },
            BoardMember {
                name: "Trịnh Thị Lan".into(),
                role: BoardRole::Member,
            },
            BoardMember {
                name: "Bùi Quốc Khánh".into(),
                role: BoardRole::Member,
            },
        ],
        key_fingerprint: None,
    }
}

fn minutes() -> CountingMinutes {
    CountingMinutes::new(info(), round()).unwrap()
}

#[test]
fn the_text_holds_every_figure_of_the_minutes() {
    let text = minutes().to_text();
    let expected = "\
ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH | ĐẢNG CỘNG SẢN VIỆT NAM
CHI BỘ SỞ NGOẠI VỤ
BAN KIỂM PHIẾU
*
Số 05-BB/ĐH
Kiên Giang, ngày 15 tháng 5 năm 2020
BIÊN BẢN KIỂM PHIẾU
Bầu Chi ủy Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025
(Lần bỏ phiếu thứ 1)
-----
Hôm nay, ngày 15 tháng 5 năm 2020, tại Hội trường Sở Ngoại vụ, Ban kiểm phiếu Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025 gồm các đồng chí:
1. Đồng chí Đặng Văn Hùng, Trưởng ban.
2. Đồng chí Trịnh Thị Lan, Ủy viên.
3. Đồng chí Bùi Quốc Khánh, Ủy viên.
Đã tiến hành kiểm phiếu bầu Chi ủy Chi bộ Sở Ngoại vụ khóa IV, nhiệm kỳ 2020–2025, lần bỏ phiếu thứ 1. Số lượng cần bầu là 05 đồng chí; danh sách bầu cử gồm 06 đồng chí. Kết quả kiểm phiếu cụ thể như sau:
I. SỐ ĐẢNG VIÊN
1. Tổng số đảng viên được triệu tập: 22 đồng chí.
2. Số đảng viên có mặt: 21 đồng chí.
3. Số đảng viên làm căn cứ tính kết quả bầu cử: 21 đồng chí. Người trúng cử phải được số phiếu bầu quá một nửa so với căn cứ này, tức là từ 11 phiếu trở lên.
II. SỐ PHIẾU
1. Số phiếu phát ra: 21 phiếu.
2. Số phiếu thu vào: 21 phiếu.
3. Số phiếu hợp lệ: 20 phiếu.
4. Số phiếu không hợp lệ: 01 phiếu, trong đó:
– Phiếu để lại nhiều tên hơn số lượng cần bầu: 01 phiếu.
III. KẾT QUẢ KIỂM PHIẾU (xếp theo số phiếu bầu từ cao đến thấp)
STT | Họ và tên | Số phiếu bầu | Tỷ lệ % so với căn cứ | Tỷ lệ % so với phiếu hợp lệ | Ghi chú
1 | Nguyễn Văn An | 20 | 95,24 | 100,00 | Trúng cử
2 | Trần Thị Bình | 19 | 90,48 | 95,00 | Trúng cử
3 | Lê Hoàng Cường | 17 | 80,95 | 85,00 | Trúng cử
4 | Phạm Thị Dung | 15 | 71,43 | 75,00 | Trúng cử
5 | Huỳnh Thị Giang | 15 | 71,43 | 75,00 | Trúng cử
6 | Võ Minh Đức | 14 | 66,67 | 70,00 | Quá nửa, ít phiếu hơn
IV. CÁC ĐỒNG CHÍ TRÚNG CỬ (xếp theo số phiếu bầu từ cao đến thấp)
1. Đồng chí Nguyễn Văn An: 20 phiếu, đạt 95,24% so với căn cứ.
2. Đồng chí Trần Thị Bình: 19 phiếu, đạt 90,48% so với căn cứ.
3. Đồng chí Lê Hoàng Cường: 17 phiếu, đạt 80,95% so với căn cứ.
4. Đồng chí Phạm Thị Dung: 15 phiếu, đạt 71,43% so với căn cứ.
5. Đồng chí Huỳnh Thị Giang: 15 phiếu, đạt 71,43% so với căn cứ.
Biên bản lập xong vào lúc 10 giờ 30 cùng ngày, đã đọc lại cho các thành viên Ban kiểm phiếu cùng nghe, nhất trí ký tên và công bố trước Đại hội.
CÁC THÀNH VIÊN
BAN KIỂM PHIẾU
Trịnh Thị Lan
Bùi Quốc Khánh
T/M BAN KIỂM PHIẾU
TRƯỞNG BAN
Đặng Văn Hùng
";
    assert_eq!(text, expected);
}

#[test]
fn a_seat_left_and_a_tie_are_explained() {
    // 2 seats, base 10: An 8 votes, Bình and Cường 6 each → tie at the last seat.
    let strikes = [
        "Nguyễn Văn An",
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Trần Thị Bình",
        "Trần Thị Bình",
        "Trần Thị Bình",
        "Lê Hoàng Cường",
        "Lê Hoàng Cường",
        "Lê Hoàng Cường",
        "Lê Hoàng Cường",
    ];
    let result = count_round(&Round {
        seats: 2,
        base: BaseSpec::Number(10),
        candidates: CANDIDATES[..3].iter().map(|s| s.to_string()).collect(),
        ballots_issued: 10,
        ballots: strikes
            .iter()
            .map(|s| Ballot::Struck(vec![s.to_string()]))
            .collect(),
    })
    .unwrap();
    let mut i = info();
    i.summoned = 10;
    i.present = 10;
    let text = CountingMinutes::new(i.clone(), result).unwrap().to_text();
    assert!(
        text.contains("Các đồng chí Trần Thị Bình, Lê Hoàng Cường có số phiếu bằng nhau ở chỗ cuối cùng. Đại hội bầu tiếp trong số các đồng chí này cho 01 chỗ còn lại."),
        "{text}"
    );
    assert!(text.contains("| Bằng phiếu, bầu lại"), "{text}");

    // Nobody reaches more than half of 10 for 1 seat: a seat left.
    let result = count_round(&Round {
        seats: 1,
        base: BaseSpec::Number(10),
        candidates: CANDIDATES[..2].iter().map(|s| s.to_string()).collect(),
        ballots_issued: 10,
        ballots: (0..10)
            .map(|k| Ballot::Struck(vec![CANDIDATES[k % 2].to_string()]))
            .collect(),
    })
    .unwrap();
    let text = CountingMinutes::new(i, result).unwrap().to_text();
    assert!(text.contains("Không có đồng chí nào trúng cử."), "{text}");
    assert!(
        text.contains("Còn 01 chỗ chưa có người trúng cử. Đại hội xem xét, quyết định có bầu tiếp hay không; nếu bầu tiếp, danh sách gồm các đồng chí: Nguyễn Văn An, Trần Thị Bình."),
        "{text}"
    );
}

#[test]
fn the_docx_is_a_zip_with_the_names_and_figures() {
    let docx = minutes().to_docx().unwrap();
    assert!(docx.starts_with(b"PK"));
    let text = docx_text(&docx);
    for needle in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ SỞ NGOẠI VỤ",
        "BIÊN BẢN KIỂM PHIẾU",
        "Kiên Giang, ngày 15 tháng 5 năm 2020",
        "Nguyễn Văn An",
        "Huỳnh Thị Giang",
        "95,24",
        "71,43",
        "Số phiếu không hợp lệ: 01 phiếu, trong đó:",
        "T/M BAN KIỂM PHIẾU",
        "Đặng Văn Hùng",
    ] {
        assert!(text.contains(needle), "{needle} missing from {text}");
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx[..])).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("w:w=\"11906\""), "A4 width");
    assert!(xml.contains("w:left=\"1701\""), "left margin 30 mm");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut styles)
        .unwrap();
    assert!(styles.contains("Times New Roman"));
}

#[test]
fn the_pdf_holds_the_same_content_on_one_or_two_pages() {
    let m = minutes();
    let pdf = m.to_pdf().unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(pdf, m.to_pdf().unwrap(), "deterministic");
    assert!((1..=2).contains(&m.document().pdf_pages().unwrap()));
    if let Some(text) = pdf_text(&pdf) {
        let text = domain::text::normalize(&text);
        for needle in [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "BIÊN BẢN KIỂM PHIẾU",
            "Nguyễn Văn An",
            "95,24",
            "Số phiếu hợp lệ: 20 phiếu.",
            "Đặng Văn Hùng",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text}");
        }
    }
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let refuse = |i: MinutesInfo| CountingMinutes::new(i, round()).unwrap_err().to_string();
    let mut i = info();
    i.present = 23;
    assert!(
        refuse(i)
            .contains("số có mặt (present) là 23, nhiều hơn số được triệu tập (summoned) là 22")
    );
    let mut i = info();
    i.board[1].role = BoardRole::Head;
    assert!(refuse(i).contains("phải có đúng một Trưởng ban"));
    let mut i = info();
    i.board[2].name = "Võ Minh Đức".into();
    assert!(
        refuse(i).contains(
            "đồng chí Võ Minh Đức vừa ở Ban kiểm phiếu vừa có tên trong danh sách bầu cử"
        )
    );
    let mut i = info();
    i.summoned = 20;
    i.present = 20;
    assert!(refuse(i).contains("căn cứ tính kết quả bầu cử là 21, nhiều hơn số được triệu tập"));
    let mut i = info();
    i.election = " ".into();
    assert!(refuse(i).contains("election (nội dung bầu cử) đang để trống"));
    let mut i = info();
    i.congress.ordinal = 0;
    assert!(refuse(i).contains("congress.ordinal"));
    let mut i = info();
    i.round = 0;
    assert!(refuse(i).contains("round (lần bỏ phiếu)"));
}

#[test]
fn texts_are_normalized_to_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let mut i = info();
    i.issuer.organization = "Chi bộ  Sở Ngoại vụ".nfd().collect();
    let m = CountingMinutes::new(i, round()).unwrap();
    assert_eq!(m.info().issuer.organization, "Chi bộ Sở Ngoại vụ");
}

#[test]
fn info_reads_from_json() {
    let json = serde_json::to_string(&info()).unwrap();
    let back: MinutesInfo = serde_json::from_str(&json).unwrap();
    assert_eq!(back, info());
    assert!(json.contains("\"kind\":\"members\""));
    assert!(json.contains("\"role\":\"head\""));
    assert!(json.contains("\"date\":\"2020-05-15\""));
}

#[test]
fn invalid_ballots_are_counted_by_kind_and_no_reason_is_said_twice() {
    let names: Vec<String> = CANDIDATES[..3].iter().map(|s| s.to_string()).collect();
    let mut ballots = vec![Ballot::Struck(vec![names[2].clone()]); 6];
    ballots.push(Ballot::Invalid(DEFAULT_INVALID_REASON.into()));
    ballots.push(Ballot::Invalid(DEFAULT_INVALID_REASON.into()));
    ballots.push(Ballot::Invalid(
        "Phiếu không do Ban kiểm phiếu phát ra".into(),
    ));
    ballots.push(Ballot::Struck(names.clone()));
    let result = count_round(&Round {
        seats: 2,
        base: BaseSpec::Number(10),
        candidates: names,
        ballots_issued: 10,
        ballots,
    })
    .unwrap();
    let mut i = info();
    i.summoned = 10;
    i.present = 10;
    let text = CountingMinutes::new(i, result).unwrap().to_text();
    for line in [
        "4. Số phiếu không hợp lệ: 04 phiếu, trong đó:",
        "– Phiếu do Ban kiểm phiếu xác định không hợp lệ: 02 phiếu.",
        "– Phiếu không do Ban kiểm phiếu phát ra: 01 phiếu.",
        "– Phiếu không bầu đồng chí nào: 01 phiếu.",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert!(!text.contains("không hợp lệ: Ban kiểm phiếu"), "{text}");
    // No sentence reads like a filled-in template: no "…: bầu …" after the round.
    assert!(!text.contains("lần bỏ phiếu thứ 1:"), "{text}");
}

/// Minutes of a long list (14 names for 10 seats, 21 ballots) whose opening grows by `extra`
/// counters, to move the results table down the pages a line at a time.
fn long_minutes_pushed_down(extra: usize) -> CountingMinutes {
    let names: Vec<String> = (1..=14).map(|k| format!("Người Thứ {k:02}")).collect();
    // Every ballot strikes the last four: ten elected, four with no vote, no next round.
    let ballots = vec![Ballot::Struck(names[10..].to_vec()); 21];
    let result = count_round(&Round {
        seats: 10,
        base: BaseSpec::Number(21),
        candidates: names,
        ballots_issued: 21,
        ballots,
    })
    .unwrap();
    let mut i = info();
    for k in 0..extra {
        i.board.push(BoardMember {
            name: format!("Thành viên Số {k}"),
            role: BoardRole::Member,
        });
    }
    CountingMinutes::new(i, result).unwrap()
}

#[test]
fn the_results_table_is_never_split_across_pages() {
    // Wherever the table falls, its heading, its header row and its last row are on one page.
    let mut pages_seen = std::collections::BTreeSet::new();
    for extra in (0..=60).step_by(3) {
        let m = long_minutes_pushed_down(extra);
        let last = m.result().results.last().unwrap().candidate.clone();
        let pdf = m.to_pdf().unwrap();
        let pages = m.document().pdf_pages().unwrap();
        let page_of = |needle: &str| {
            (1..=pages)
                .filter(|p| {
                    let text = crate::pdf::tests::pdf_page_text(&pdf, *p);
                    domain::text::normalize(&text).contains(needle)
                })
                .collect::<Vec<_>>()
        };
        let heading = page_of("III. KẾT QUẢ KIỂM PHIẾU");
        assert_eq!(heading.len(), 1, "{extra}: {heading:?}");
        let p = heading[0];
        for needle in ["Ghi chú", last.as_str()] {
            assert_eq!(
                page_of(needle),
                vec![p],
                "{extra}: {needle} not on page {p} only"
            );
        }
        pages_seen.insert((p, pages));
    }
    // The pushing did move the table to the next page at some point.
    let table_pages: std::collections::BTreeSet<usize> = pages_seen.iter().map(|x| x.0).collect();
    assert!(table_pages.len() > 1, "{pages_seen:?}");
}

#[test]
fn pdftoppm_renders_the_minutes_without_a_warning() {
    let pdf = minutes().to_pdf().unwrap();
    let (stderr, png) = crate::pdf::tests::pdftoppm(&pdf);
    assert_eq!(stderr, "", "pdftoppm wrote to stderr");
    assert!(png.starts_with(b"\x89PNG"), "no PNG from pdftoppm");
}
