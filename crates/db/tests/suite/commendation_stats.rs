//! Award statistics in storage, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL: the counts of
//! a subtree over a period split by kind, subject and method, with the sentence; awards of
//! another subtree or outside the period are not counted; the submitting units add up.

use crate::common::{d, databases};
use db::{Actor, Db, NewAward, NewOrg};
use domain::commendation::stats::Split;
use domain::commendation::{AwardGroup, AwardKind, Method, Subject};
use domain::register::org::{OrgCode, OrgKind};

async fn tree(db: &Db) {
    for (code, kind, parent) in [
        ("TU", OrgKind::Province, None),
        ("HU-A", OrgKind::GrassrootsCommittee, Some("TU")),
        ("CB-A1", OrgKind::Branch, Some("HU-A")),
        ("HU-B", OrgKind::GrassrootsCommittee, Some("TU")),
    ] {
        db.create_org(
            &Actor("van-thu".into()),
            &NewOrg {
                code: OrgCode::parse(code).unwrap(),
                name: format!("Tổ chức {code}"),
                kind,
                parent: parent.map(|p| OrgCode::parse(p).unwrap()),
                since: d(2000, 1, 1),
                decision: None,
            },
        )
        .await
        .unwrap();
    }
}

async fn give(
    db: &Db,
    org: &str,
    subject: Subject,
    kind: AwardKind,
    method: Method,
    on: chrono::NaiveDate,
    n: usize,
) {
    use chrono::Datelike;
    for i in 0..n {
        db.record_award(
            &Actor("van-thu".into()),
            &NewAward {
                subject,
                org_code: org.into(),
                person: None,
                recipient: Some(format!("Đơn vị hoặc người số {i}")),
                kind,
                year: on.year(),
                method,
                symbol: format!("{}-QĐ/UBND", i + 1),
                issuer: String::new(),
                decided_on: on,
                dossier: None,
            },
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn award_stats_of_a_subtree_over_a_period() {
    use AwardKind::*;
    use Method::*;
    use Subject::*;
    for t in databases().await {
        let (db, l) = (&t.db, t.label);
        tree(db).await;
        give(
            db,
            "CB-A1",
            Collective,
            HuanChuongLaoDongHangBa,
            ThuongXuyen,
            d(2019, 5, 1),
            3,
        )
        .await;
        give(
            db,
            "HU-A",
            Individual,
            HuanChuongLaoDongHangNhi,
            CongHien,
            d(2020, 1, 2),
            2,
        )
        .await;
        give(
            db,
            "HU-A",
            Individual,
            BangKhenTinh,
            ChuyenDe,
            d(2020, 12, 31),
            4,
        )
        .await;
        give(
            db,
            "HU-B",
            Collective,
            BangKhenTinh,
            ThuongXuyen,
            d(2018, 3, 3),
            1,
        )
        .await;
        give(
            db,
            "TU",
            Collective,
            CoThiDuaTinh,
            ThuongXuyen,
            d(2018, 3, 3),
            1,
        )
        .await;
        // Outside the period on both ends.
        give(
            db,
            "CB-A1",
            Individual,
            GiayKhen,
            ThuongXuyen,
            d(2016, 12, 31),
            1,
        )
        .await;
        give(
            db,
            "CB-A1",
            Individual,
            GiayKhen,
            ThuongXuyen,
            d(2021, 1, 1),
            1,
        )
        .await;

        let r = db
            .award_stats("HU-A", d(2017, 1, 1), d(2020, 12, 31))
            .await
            .unwrap();
        assert_eq!(
            r.stats.sentence(),
            "5 Huân chương lao động các hạng (3 tập thể và 2 cá nhân); 4 Bằng khen (4 cá nhân).",
            "{l}"
        );
        assert_eq!(r.stats.by_method[&CongHien].total(), 2, "{l}");
        assert_eq!(r.stats.total().total(), 9, "{l}");

        let all = db
            .award_stats_with_units("TU", d(2017, 1, 1), d(2020, 12, 31))
            .await
            .unwrap();
        assert_eq!(
            all.stats.by_group[&AwardGroup::BangKhen],
            Split {
                collective: 1,
                individual: 4
            },
            "{l}"
        );
        assert_eq!(
            all.stats.by_unit,
            vec![
                (
                    "Tổ chức TU".to_string(),
                    Split {
                        collective: 1,
                        individual: 0
                    }
                ),
                (
                    "Tổ chức HU-A".to_string(),
                    Split {
                        collective: 3,
                        individual: 6
                    }
                ),
                (
                    "Tổ chức HU-B".to_string(),
                    Split {
                        collective: 1,
                        individual: 0
                    }
                ),
            ],
            "{l}"
        );
        let unit_sum: u64 = all.stats.by_unit.iter().map(|(_, s)| s.total()).sum();
        assert_eq!(unit_sum, all.stats.total().total(), "{l}");

        let none = db
            .award_stats("HU-B", d(2019, 1, 1), d(2020, 12, 31))
            .await
            .unwrap();
        assert_eq!(
            none.stats.sentence(),
            "Không có khen thưởng nào trong kỳ.",
            "{l}"
        );
        assert!(
            db.award_stats("KHONG-CO", d(2019, 1, 1), d(2020, 1, 1))
                .await
                .is_err()
        );
    }
}
