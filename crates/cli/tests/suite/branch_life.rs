//! `dangvu meeting`, `study`, `supervision` and `rating` as a branch secretary calls them on a
//! small branch of six members: a meeting with absences (and the duration warning), the year's
//! calendar, a study session, the supervision plan and a record, the rating stages with the
//! cap and its exception; refusals exit 2 with a Vietnamese reason and write nothing. SQLite
//! and, when `DANGVU_TEST_PG` names a server, PostgreSQL.

use std::path::Path;

use crate::common::{dangvu, ok, refused, targets};

fn json(db: &str, args: &[&str]) -> serde_json::Value {
    let out = ok(db, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

const HEADER: &str = "Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Lý luận chính trị,Chuyên môn";

/// Đảng bộ Thử (grassroots) → Chi bộ Thử with six members admitted long ago.
fn setup(db: &str, dir: &Path, label: &str) {
    ok(
        db,
        &[
            "org",
            "add",
            "TU-T",
            "--name",
            "Đảng bộ tỉnh Thử",
            "--kind",
            "Province",
            "--since",
            "2000-01-01",
        ],
    );
    ok(
        db,
        &[
            "org",
            "add",
            "DUK-T",
            "--name",
            "Đảng bộ Khối Thử",
            "--kind",
            "Block",
            "--parent",
            "TU-T",
            "--since",
            "2000-01-01",
        ],
    );
    ok(
        db,
        &[
            "org",
            "add",
            "DB-T",
            "--name",
            "Đảng bộ Thử",
            "--kind",
            "GrassrootsCommittee",
            "--parent",
            "DUK-T",
            "--since",
            "2000-01-01",
        ],
    );
    ok(
        db,
        &[
            "org",
            "add",
            "CB-T",
            "--name",
            "Chi bộ Thử",
            "--kind",
            "Branch",
            "--parent",
            "DB-T",
            "--since",
            "2000-01-01",
        ],
    );
    let file = dir.join(format!("cb-t-{label}.csv"));
    let rows = [
        "Nguyễn Văn An,01/02/1980,Nam,03/02/2005,03/02/2006,81000001,Trung cấp,Đại học",
        "Lê Thị Bình,01/03/1982,Nữ,03/02/2006,03/02/2007,81000002,Sơ cấp,Đại học",
        "Phạm Văn Cường,01/04/1984,Nam,03/02/2007,03/02/2008,81000003,Sơ cấp,Thạc sĩ",
        "Võ Thị Dung,01/05/1986,Nữ,03/02/2008,03/02/2009,81000004,Cao cấp,Đại học",
        "Hồ Văn Em,01/06/1988,Nam,03/02/2009,03/02/2010,81000005,Sơ cấp,Đại học",
        "Hà Thị Nga,01/07/1990,Nữ,03/02/2010,03/02/2011,81000006,Sơ cấp,Đại học",
    ];
    std::fs::write(&file, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    ok(
        db,
        &["import", "members", file.to_str().unwrap(), "--org", "CB-T"],
    );
}

#[test]
fn a_meeting_is_recorded_with_its_absences_and_listed_in_the_year() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let (db, l) = (t.url.as_str(), t.label);
        setup(db, dir.path(), l);
        let add = |extra: &[&str]| {
            let mut a = vec![
                "meeting",
                "add",
                "--org",
                "CB-T",
                "--kind",
                "regular",
                "--topic",
                "Sinh hoạt định kỳ tháng 3",
            ];
            a.extend_from_slice(extra);
            a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        };
        let args = add(&[
            "--date",
            "12/03/2025",
            "--minutes",
            "80",
            "--absent",
            "Nguyễn Văn An:Đi công tác",
            "--unexcused",
            "le thi binh",
            "--json",
        ]);
        let v = json(db, &args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(v["present"], 4, "{l}: {v}");
        assert_eq!(v["counted"], 6, "{l}");
        assert_eq!(v["rate"], 66.7, "{l}");
        assert_eq!(v["absent"].as_array().unwrap().len(), 2, "{l}");
        assert!(
            v["warnings"][0]
                .as_str()
                .unwrap()
                .contains("80 phút, dưới mức tối thiểu 90 phút"),
            "{l}: {v}"
        );
        // Start and end instead of minutes; a thematic meeting of 150 minutes, no warning.
        let args = add(&["--date", "2025-05-20", "--start", "14:00", "--end", "16:30"]);
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args[5] = "chuyen-de";
        let out = ok(db, &args);
        assert!(
            out.contains("Đã ghi sinh hoạt chuyên đề ngày 20/5/2025 (150 phút): có mặt 6/6 đảng viên (100,0%)."),
            "{l}: {out}"
        );
        assert!(!out.contains("Cảnh báo"), "{l}: {out}");

        // Refusals: exit 2, the reason in Vietnamese, nothing written.
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(3))
            .date_naive()
            .to_string();
        for (extra, reason) in [
            (
                vec!["--date", tomorrow.as_str(), "--minutes", "120"],
                "chưa diễn ra nên không thể ghi là đã họp",
            ),
            (
                vec![
                    "--date",
                    "2025-06-10",
                    "--minutes",
                    "120",
                    "--absent",
                    "Nguyễn Văn An",
                ],
                "vắng có lý do thì phải ghi lý do",
            ),
            (
                vec![
                    "--date",
                    "2025-06-10",
                    "--minutes",
                    "120",
                    "--unexcused",
                    "Trần Không Có",
                ],
                "không có ai tên 'Trần Không Có'",
            ),
            (
                vec!["--date", "2025-06-10"],
                "cần ghi thời lượng (số phút) hoặc giờ bắt đầu và giờ kết thúc",
            ),
            (
                vec![
                    "--date",
                    "2025-06-10",
                    "--minutes",
                    "120",
                    "--unexcused",
                    "Hà Thị Nga",
                    "--unexcused",
                    "ha thi nga",
                ],
                "được ghi vắng hai lần",
            ),
        ] {
            let args = add(&extra);
            let err = refused(db, &args.iter().map(String::as_str).collect::<Vec<_>>());
            assert!(err.contains(reason), "{l}: {reason} in {err}");
        }
        let err = refused(
            db,
            &[
                "meeting",
                "add",
                "--org",
                "CB-T",
                "--date",
                "2025-06-10",
                "--minutes",
                "90",
                "--topic",
                "x",
                "--kind",
                "hội thảo",
            ],
        );
        assert!(
            err.contains("--kind: loại sinh hoạt 'hội thảo' không hợp lệ"),
            "{l}: {err}"
        );

        let list = ok(db, &["meeting", "list", "--org", "CB-T", "--year", "2025"]);
        assert!(
            list.contains("Cộng: 2 cuộc sinh hoạt năm 2025; tỷ lệ đảng viên dự sinh hoạt 83,3%."),
            "{l}: {list}"
        );
        assert!(list.contains("80 phút (ngắn)"), "{l}: {list}");
        assert!(
            list.contains("Tháng không sinh hoạt: tháng 1, tháng 2, tháng 4, tháng 6"),
            "{l}: {list}"
        );
        assert!(
            list.contains("Quý đã qua chưa sinh hoạt chuyên đề: quý 1, quý 3, quý 4."),
            "{l}: {list}"
        );
        let v = json(
            db,
            &[
                "meeting", "list", "--org", "CB-T", "--year", "2025", "--json",
            ],
        );
        assert_eq!(v["meetings"].as_array().unwrap().len(), 2, "{l}: {v}");
        assert_eq!(v["rate"], 83.3, "{l}");
        let audit = ok(db, &["audit"]);
        assert!(audit.contains("meeting_recorded"), "{l}");
    }
}

#[test]
fn study_supervision_and_ratings_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for t in targets(dir.path()) {
        let (db, l) = (t.url.as_str(), t.label);
        setup(db, dir.path(), l);
        let out = ok(
            db,
            &[
                "study",
                "add",
                "--org",
                "CB-T",
                "--date",
                "2025-04-02",
                "--kind",
                "nghị quyết",
                "--title",
                "Nghị quyết Đại hội XIII của Đảng",
                "--absent",
                "Hà Thị Nga",
            ],
        );
        assert!(out.contains("5 đảng viên, 0 quần chúng dự"), "{l}: {out}");
        let list = ok(db, &["study", "list", "--org", "CB-T", "--year", "2025"]);
        assert!(
            list.contains("Nghị quyết Đại hội XIII của Đảng"),
            "{l}: {list}"
        );
        assert!(list.contains("5/6 đảng viên (83,3%)"), "{l}: {list}");
        let err = refused(
            db,
            &[
                "study",
                "add",
                "--org",
                "CB-T",
                "--date",
                "2025-04-02",
                "--kind",
                "khác",
                "--title",
                "x",
            ],
        );
        assert!(
            err.contains("loại học tập 'khác' không hợp lệ"),
            "{l}: {err}"
        );

        ok(
            db,
            &[
                "supervision",
                "plan",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--percent",
                "30",
            ],
        );
        let out = ok(
            db,
            &[
                "supervision",
                "add",
                "--org",
                "CB-T",
                "--member",
                "Nguyễn Văn An",
                "--date",
                "2025-05-01",
                "--kind",
                "kiem-tra",
                "--content",
                "Việc thực hiện nhiệm vụ được giao",
                "--conclusion",
                "Hoàn thành tốt",
            ],
        );
        assert!(
            out.contains("Đã ghi kiểm tra đồng chí Nguyễn Văn An ngày 1/5/2025."),
            "{l}: {out}"
        );
        let list = ok(
            db,
            &["supervision", "list", "--org", "CB-T", "--year", "2025"],
        );
        assert!(
            list.contains(
                "Đã kiểm tra, giám sát 01/06 đảng viên (16,7%); kế hoạch 30,0%, còn 01 đồng chí."
            ),
            "{l}: {list}"
        );
        let err = refused(
            db,
            &[
                "supervision",
                "plan",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--percent",
                "130",
            ],
        );
        assert!(err.contains("phải từ 0 đến 100%"), "{l}: {err}");
        let err = refused(
            db,
            &[
                "supervision",
                "add",
                "--org",
                "CB-T",
                "--member",
                "Nguyễn Văn An",
                "--date",
                "2025-05-02",
                "--content",
                " ",
            ],
        );
        assert!(err.contains("không được để trống"), "{l}: {err}");

        // Ratings 2025: everyone self-assesses Good; twice is refused.
        let out = ok(
            db,
            &[
                "rating",
                "set",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--stage",
                "tu-danh-gia",
                "--rest",
                "tot",
            ],
        );
        assert!(out.contains("cho 6 đảng viên"), "{l}: {out}");
        let err = refused(
            db,
            &[
                "rating",
                "set",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--stage",
                "self",
                "--member",
                "Hồ Văn Em",
                "--level",
                "HTTNV",
            ],
        );
        assert!(err.contains("không xếp loại một năm hai lần"), "{l}: {err}");
        // Two Excellent over four Good breaks the cap: refused, nothing written.
        let err = refused(
            db,
            &[
                "rating",
                "set",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--rate",
                "Nguyễn Văn An=xuat-sac:95",
                "--rate",
                "Lê Thị Bình=xuất sắc",
                "--rest",
                "tot",
            ],
        );
        assert!(err.contains("vượt 02"), "{l}: {err}");
        let err = refused(
            db,
            &[
                "rating",
                "set",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--rate",
                "Nguyễn Văn An=xuat-sac:85",
            ],
        );
        assert!(
            err.contains("85 điểm chỉ cho phép xếp loại đến mức"),
            "{l}: {err}"
        );
        let v = json(
            db,
            &[
                "rating", "sheet", "--org", "CB-T", "--year", "2025", "--json",
            ],
        );
        assert_eq!(v["counts"]["excellent"], 0, "{l}: {v}");
        assert!(
            v["members"]
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["decision"].is_null()),
            "{l}"
        );
        // With the exception, the same decision stands.
        let out = ok(
            db,
            &[
                "rating",
                "exception",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--reason",
                "Chi bộ có thành tích đặc biệt",
                "--granted-by",
                "Ban Thường vụ Đảng ủy Khối",
            ],
        );
        assert!(out.contains("Đã ghi ngoại lệ năm 2025"), "{l}: {out}");
        let out = ok(
            db,
            &[
                "rating",
                "set",
                "--org",
                "CB-T",
                "--year",
                "2025",
                "--rate",
                "Nguyễn Văn An=xuat-sac:95",
                "--rate",
                "Lê Thị Bình=xuất sắc",
                "--rest",
                "tot",
            ],
        );
        assert!(out.contains("cho 6 đảng viên"), "{l}: {out}");
        assert!(
            out.contains("đã được cấp có thẩm quyền cho phép ngoại lệ"),
            "{l}: {out}"
        );
        ok(
            db,
            &[
                "rating", "org", "--org", "CB-T", "--year", "2025", "--level", "tot",
            ],
        );
        let err = refused(
            db,
            &[
                "rating", "org", "--org", "CB-T", "--year", "2025", "--level", "tot",
            ],
        );
        assert!(err.contains("hai lần"), "{l}: {err}");
        let sheet = ok(db, &["rating", "sheet", "--org", "DB-T", "--year", "2025"]);
        assert!(
            sheet.contains("HTXSNV 2 (33,3%), HTTNV 4 (66,7%)"),
            "{l}: {sheet}"
        );
        assert!(
            sheet.contains("Chi bộ có thành tích đặc biệt"),
            "{l}: {sheet}"
        );
        let v = json(
            db,
            &[
                "rating", "sheet", "--org", "CB-T", "--year", "2025", "--json",
            ],
        );
        assert_eq!(v["cap"]["ok"], true, "{l}: {v}");
        assert_eq!(v["org_rating"]["level"], "good", "{l}");
        let err = refused(
            db,
            &[
                "rating", "set", "--org", "CB-T", "--year", "2025", "--rest", "giỏi",
            ],
        );
        assert!(
            err.contains("mức xếp loại 'giỏi' không hợp lệ"),
            "{l}: {err}"
        );
    }
}

#[test]
fn the_excellent_cap_is_a_dated_setting() {
    let dir = tempfile::tempdir().expect("tempdir");
    for t in targets(dir.path()) {
        let db = t.url.as_str();
        let rules = ok(db, &["setting", "rules"]);
        assert!(
            rules.contains("rules.excellent_cap_percent = 20"),
            "{}: {rules}",
            t.label
        );
        assert!(
            rules.contains("rules.floor_nomination_percent = 30"),
            "{rules}"
        );
        ok(
            db,
            &[
                "setting",
                "set-rule",
                "rules.excellent_cap_percent",
                "20; từ 01/07/2025: 15",
            ],
        );
        let rules = ok(db, &["setting", "rules"]);
        assert!(rules.contains("20; từ 01/07/2025: 15"), "{rules}");
        let o = dangvu(
            db,
            &[
                "setting",
                "set-rule",
                "rules.excellent_cap_percent",
                "hai mươi",
            ],
        );
        assert!(!o.status.success(), "{}", t.label);
    }
}
