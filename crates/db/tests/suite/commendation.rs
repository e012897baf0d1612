//! Commendation in storage, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL: an award is
//! recorded with its amount from the base salary of its decision date and refused without its
//! rating or its prerequisite; a branch's proposal is computed from its ratings and adjusted
//! with a reason; a dossier goes submitted → appraised → proposed → decided and refuses steps
//! out of order; the bulk appraisal judges every waiting dossier of a subtree.

use crate::common::{d, databases, today};
use db::branch::MemberRatingInput;
use db::{Actor, Db, NewAward, NewDossier, NewOrg};
use domain::branch::rating::{RatingLevel, RatingStage};
use domain::commendation::dossier::{DocumentKind, Status};
use domain::commendation::{AwardKind, InitiativeLevel, Method, Subject};
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

fn clerk() -> Actor {
    Actor("van-thu".into())
}

fn person(name: &str, card: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: d(1980, 3, 4),
        sex: Sex::Female,
        ethnicity: None,
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Intermediate,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: d(2005, 3, 4),
            official_on: Some(d(2006, 3, 4)),
            card_number: Some(CardNumber::parse(card).unwrap()),
            record_number: None,
        }),
    }
}

async fn setup(db: &Db) -> (i32, i32) {
    let a = clerk();
    for (code, kind, parent) in [
        ("TU", OrgKind::Province, None),
        ("CB-TDKT", OrgKind::GrassrootsBranch, Some("TU")),
    ] {
        db.create_org(
            &a,
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
    let lan = db
        .add_person(
            &a,
            "CB-TDKT",
            &person("Nguyễn Thị Lan", "71000011"),
            today(),
        )
        .await
        .unwrap();
    let binh = db
        .add_person(&a, "CB-TDKT", &person("Trần Văn Bình", "71000012"), today())
        .await
        .unwrap();
    for (year, lan_level, binh_level) in [
        (2024, RatingLevel::Excellent, RatingLevel::Good),
        (2025, RatingLevel::Excellent, RatingLevel::Complete),
    ] {
        let rows =
            [(lan, lan_level), (binh, binh_level)].map(|(person, level)| MemberRatingInput {
                person,
                level,
                score: None,
                note: None,
            });
        db.rate_members(
            &a,
            "CB-TDKT",
            year,
            RatingStage::SelfAssessment,
            &rows,
            today(),
        )
        .await
        .unwrap();
    }
    db.record_initiative(&a, lan, 2025, InitiativeLevel::CoSo, "Số hóa hồ sơ thi đua")
        .await
        .unwrap();
    (lan, binh)
}

fn award(
    person: Option<i32>,
    kind: AwardKind,
    year: i32,
    symbol: &str,
    on: chrono::NaiveDate,
) -> NewAward {
    NewAward {
        subject: Subject::Individual,
        org_code: "CB-TDKT".into(),
        person,
        recipient: person.is_none().then(|| "Phạm Văn Ngoài".into()),
        kind,
        year,
        method: Method::ThuongXuyen,
        symbol: symbol.into(),
        issuer: String::new(),
        decided_on: on,
        dossier: None,
    }
}

#[tokio::test]
async fn awards_proposal_and_dossiers() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, clerk());
        let (lan, binh) = setup(db).await;

        // Records: the amount follows the base salary of the decision date.
        let id = db
            .record_award(
                &a,
                &award(
                    Some(lan),
                    AwardKind::LaoDongTienTien,
                    2024,
                    "12-QĐ/UBND",
                    d(2024, 12, 20),
                ),
            )
            .await
            .unwrap();
        let got = db.awards_of_person(lan).await.unwrap();
        assert_eq!(
            (got[0].id, got[0].amount, got[0].issuer.as_str()),
            (id, 702_000, "UBND"),
            "{l}"
        );
        let no_rating = db
            .record_award(
                &a,
                &award(
                    Some(lan),
                    AwardKind::LaoDongTienTien,
                    2023,
                    "13-QĐ/UBND",
                    d(2024, 1, 5),
                ),
            )
            .await;
        assert!(
            no_rating
                .unwrap_err()
                .to_string()
                .contains("chưa có xếp loại"),
            "{l}"
        );
        let no_prior = db
            .record_award(
                &a,
                &award(
                    Some(lan),
                    AwardKind::BangKhenThuTuong,
                    2025,
                    "14-QĐ/TTg",
                    d(2025, 12, 1),
                ),
            )
            .await;
        assert!(
            no_prior
                .unwrap_err()
                .to_string()
                .contains("chưa có Bằng khen"),
            "{l}"
        );
        let bad_symbol = db
            .record_award(
                &a,
                &award(None, AwardKind::GiayKhen, 2025, "QĐ 15", d(2025, 12, 1)),
            )
            .await;
        assert!(
            bad_symbol
                .unwrap_err()
                .to_string()
                .contains("không đúng dạng"),
            "{l}"
        );
        assert_eq!(
            db.awards_of_person(lan).await.unwrap().len(),
            1,
            "{l}: nothing saved by a refusal"
        );

        // The branch's proposal for 2025, from the ratings: Lan (Excellent, initiative) is a
        // grassroots fighter, Bình (Complete) is not even Lao động tiên tiến.
        let p = db.yearly_proposal("CB-TDKT", 2025).await.unwrap();
        let line = |id| p.iter().find(|x| x.person == id).unwrap();
        assert!(
            line(lan).proposed(AwardKind::ChienSiThiDuaCoSo),
            "{l}: {:?}",
            line(lan).verdicts
        );
        assert!(!line(binh).proposed(AwardKind::LaoDongTienTien), "{l}");
        assert!(
            db.adjust_proposal(
                &a,
                "CB-TDKT",
                2025,
                binh,
                AwardKind::LaoDongTienTien,
                true,
                " "
            )
            .await
            .is_err()
        );
        db.adjust_proposal(
            &a,
            "CB-TDKT",
            2025,
            binh,
            AwardKind::LaoDongTienTien,
            true,
            "Xếp loại được cấp ủy xem lại",
        )
        .await
        .unwrap();
        let p = db.yearly_proposal("CB-TDKT", 2025).await.unwrap();
        assert!(
            p.iter()
                .find(|x| x.person == binh)
                .unwrap()
                .proposed(AwardKind::LaoDongTienTien),
            "{l}"
        );

        // A dossier's path, in order.
        let dossier = db
            .submit_dossier(
                &a,
                &NewDossier {
                    org_code: "CB-TDKT".into(),
                    subject: Subject::Individual,
                    person: Some(lan),
                    recipient: None,
                    kind: AwardKind::ChienSiThiDuaCoSo,
                    year: 2025,
                    method: Method::ThuongXuyen,
                    history: None,
                    submitted_on: d(2026, 3, 2),
                },
            )
            .await
            .unwrap();
        let row = db.dossier(dossier).await.unwrap();
        assert_eq!(
            (row.status, row.due_on),
            (Status::Submitted, d(2026, 3, 30)),
            "{l}"
        );
        assert!(
            db.propose_dossier(&a, dossier, d(2026, 3, 3))
                .await
                .is_err(),
            "{l}: proposed before appraisal"
        );
        let v = db
            .appraise_dossier(&a, dossier, d(2026, 3, 3))
            .await
            .unwrap();
        assert!(
            !v.eligible && v.reasons[0].starts_with("Hồ sơ thiếu"),
            "{l}: {v:?}"
        );
        for k in DocumentKind::ALL {
            db.add_dossier_document(
                &a,
                dossier,
                k,
                "",
                Some(("a.pdf".into(), b"%PDF".to_vec())),
                d(2026, 3, 4),
            )
            .await
            .unwrap();
        }
        let v = db
            .appraise_dossier(&a, dossier, d(2026, 3, 5))
            .await
            .unwrap();
        assert!(v.eligible, "{l}: {v:?}");
        db.propose_dossier(&a, dossier, d(2026, 3, 6))
            .await
            .unwrap();
        assert!(
            db.decide_dossier(&a, dossier, "bad", "", d(2026, 4, 1))
                .await
                .is_err(),
            "{l}"
        );
        assert_eq!(
            db.dossier(dossier).await.unwrap().status,
            Status::Proposed,
            "{l}: a refused decision changes nothing"
        );
        let award_id = db
            .decide_dossier(
                &a,
                dossier,
                "45-QĐ/UBND",
                "Ủy ban nhân dân tỉnh",
                d(2026, 4, 1),
            )
            .await
            .unwrap();
        let row = db.dossier(dossier).await.unwrap();
        assert_eq!(
            (row.status, row.award),
            (Status::Decided, Some(award_id)),
            "{l}"
        );
        assert!(
            db.appraise_dossier(&a, dossier, d(2026, 4, 2))
                .await
                .is_err(),
            "{l}: appraised after the decision"
        );

        // Bulk appraisal of outsiders' dossiers with claimed histories.
        let history = r#"{"subject": "individual", "year": 2025, "history": [{"year": 2025, "rating": "good", "titles": [], "initiatives": [], "discipline": null}], "emulation_active": true}"#;
        for i in 0..30 {
            db.submit_dossier(
                &a,
                &NewDossier {
                    org_code: "CB-TDKT".into(),
                    subject: Subject::Individual,
                    person: None,
                    recipient: Some(format!("Người ngoài {i}")),
                    kind: if i % 2 == 0 {
                        AwardKind::LaoDongTienTien
                    } else {
                        AwardKind::ChienSiThiDuaCoSo
                    },
                    year: 2025,
                    method: Method::ThuongXuyen,
                    history: Some(history.into()),
                    submitted_on: d(2026, 3, 2),
                },
            )
            .await
            .unwrap();
        }
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let (n, ok) = db
            .appraise_waiting(&a, "TU", d(2026, 3, 10), &|done, _| {
                seen.store(done, std::sync::atomic::Ordering::SeqCst)
            })
            .await
            .unwrap();
        // Without documents every one is refused on its papers.
        assert_eq!((n, ok, seen.into_inner()), (30, 0, 30), "{l}");
        let counts = db.dossier_counts("TU", d(2026, 4, 30)).await.unwrap();
        assert_eq!(counts.total, 31, "{l}");
        assert_eq!(
            counts.overdue, 0,
            "{l}: appraised dossiers are not proposed, none is open past due"
        );
        let list = db.dossiers("TU", None, d(2026, 4, 30), 100).await.unwrap();
        assert_eq!(list.len(), 31, "{l}");
    }
}
