//! The portal in storage, on SQLite and (with `DANGVU_TEST_PG`) PostgreSQL: an article goes
//! draft → published → withdrawn → draft again, each step audited; a published article cannot
//! be edited; slugs stay unique and stable; the public reads see only published articles, by
//! organization, month and words without diacritics; read counts add up in batches.

use crate::common::{d, databases};
use db::{Actor, ArticleQuery, Db, NewOrg};
use domain::portal::{ArticleStatus, ArticleText, month_bounds};
use domain::register::org::{OrgCode, OrgKind};

fn editor() -> Actor {
    Actor("bien-tap".into())
}

fn text(title: &str, body: &str) -> ArticleText {
    ArticleText::parse(title, body, "Chi bộ Sở Ngoại vụ").unwrap()
}

async fn setup(db: &Db) {
    for (code, kind, parent) in [
        ("TU", OrgKind::Province, None),
        ("CB-SNV", OrgKind::GrassrootsBranch, Some("TU")),
        ("CB-STC", OrgKind::GrassrootsBranch, Some("TU")),
    ] {
        db.create_org(
            &editor(),
            &NewOrg {
                code: OrgCode::parse(code).unwrap(),
                name: format!("Chi bộ {code}"),
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

fn at(y: i32, m: u32, day: u32) -> chrono::NaiveDateTime {
    d(y, m, day).and_hms_opt(2, 26, 0).unwrap()
}

#[tokio::test]
async fn an_article_from_draft_to_published_and_withdrawn() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, editor());
        setup(db).await;
        let title = "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV, nhiệm kỳ 2020–2025";
        let first = db
            .create_article(&a, "CB-SNV", &text(title, "Ngày 15/5/2020."), None)
            .await
            .unwrap();
        assert_eq!(first.status, ArticleStatus::Draft, "{l}");
        assert_eq!(
            first.slug, "dai-hoi-chi-bo-so-ngoai-vu-lan-thu-iv-nhiem-ky-2020-2025",
            "{l}"
        );
        assert_eq!(
            db.published_article(&first.slug).await.unwrap(),
            None,
            "{l}"
        );
        // The same title again gets a number; an edit keeps the address.
        let second = db
            .create_article(&a, "CB-SNV", &text(title, "Bản khác."), None)
            .await
            .unwrap();
        assert_eq!(second.slug, format!("{}-2", first.slug), "{l}");
        let edited = db
            .update_article(
                &a,
                first.id,
                &text("Tiêu đề mới", "Ngày 15/5/2020, Đại hội."),
            )
            .await
            .unwrap();
        assert_eq!(
            (edited.slug.as_str(), edited.title.as_str()),
            (first.slug.as_str(), "Tiêu đề mới"),
            "{l}"
        );

        let p = db
            .publish_article(&Actor("bithu".into()), first.id, at(2020, 5, 18))
            .await
            .unwrap();
        assert_eq!(p.status, ArticleStatus::Published, "{l}");
        assert_eq!(p.approved_by.as_deref(), Some("bithu"), "{l}");
        assert_eq!(p.published_at, Some(at(2020, 5, 18)), "{l}");
        assert!(
            db.published_article(&first.slug).await.unwrap().is_some(),
            "{l}"
        );
        let refused = db
            .update_article(&a, first.id, &text("Sửa", "Sửa"))
            .await
            .unwrap_err();
        assert!(
            refused.to_string().contains("gỡ tin xuống"),
            "{l}: {refused}"
        );
        assert!(
            db.publish_article(&a, first.id, at(2020, 5, 19))
                .await
                .is_err(),
            "{l}"
        );

        let w = db.withdraw_article(&a, first.id).await.unwrap();
        assert_eq!(w.status, ArticleStatus::Withdrawn, "{l}");
        assert_eq!(
            db.published_article(&first.slug).await.unwrap(),
            None,
            "{l}"
        );
        assert!(db.withdraw_article(&a, first.id).await.is_err(), "{l}");
        let again = db
            .update_article(&a, first.id, &text("Lại", "Lại"))
            .await
            .unwrap();
        assert_eq!(again.status, ArticleStatus::Draft, "{l}");

        let audit = db.audit_entries(Some("portal_article"), 50).await.unwrap();
        let mut actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
        actions.sort();
        assert_eq!(
            actions,
            [
                "create", "create", "publish", "update", "update", "withdraw"
            ],
            "{l}"
        );
        assert_eq!(db.org_articles("CB-SNV").await.unwrap().len(), 2, "{l}");
        assert!(db.org_articles("CB-STC").await.unwrap().is_empty(), "{l}");
    }
}

#[tokio::test]
async fn an_article_about_a_congress_of_another_organization_is_refused() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, editor());
        setup(db).await;
        let e = db
            .create_article(&a, "CB-SNV", &text("Tin", "Tin"), Some(9999))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("đại hội"), "{l}: {e}");
        assert!(db.org_articles("CB-SNV").await.unwrap().is_empty(), "{l}");
    }
}

#[tokio::test]
async fn the_public_lists_only_published_articles_by_org_month_and_words() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, editor());
        setup(db).await;
        let mut ids = Vec::new();
        for (org, title, when) in [
            ("CB-SNV", "Đại hội Chi bộ Sở Ngoại vụ", at(2020, 5, 18)),
            ("CB-SNV", "Học tập nghị quyết", at(2020, 6, 2)),
            ("CB-STC", "Kết nạp đảng viên mới", at(2020, 5, 20)),
        ] {
            let r = db
                .create_article(&a, org, &text(title, "Nội dung về Đảng bộ."), None)
                .await
                .unwrap();
            db.publish_article(&a, r.id, when).await.unwrap();
            ids.push(r.id);
        }
        db.create_article(&a, "CB-SNV", &text("Bản nháp bí mật", "Nháp"), None)
            .await
            .unwrap();
        let q = |f: fn(&mut ArticleQuery)| {
            let mut q = ArticleQuery {
                limit: 10,
                ..Default::default()
            };
            f(&mut q);
            q
        };
        let titles =
            |rows: Vec<db::ArticleRow>| rows.into_iter().map(|r| r.title).collect::<Vec<_>>();
        let (all, n) = db.published_articles(&q(|_| {})).await.unwrap();
        assert_eq!(n, 3, "{l}");
        assert_eq!(
            titles(all),
            [
                "Học tập nghị quyết",
                "Kết nạp đảng viên mới",
                "Đại hội Chi bộ Sở Ngoại vụ"
            ],
            "{l}"
        );
        let (may, _) = db
            .published_articles(&q(|q| q.between = month_bounds(2020, 5)))
            .await
            .unwrap();
        assert_eq!(may.len(), 2, "{l}");
        let (found, _) = db
            .published_articles(&q(|q| q.search = Some("DAI HOI ngoai".into())))
            .await
            .unwrap();
        assert_eq!(titles(found), ["Đại hội Chi bộ Sở Ngoại vụ"], "{l}");
        let (none, _) = db
            .published_articles(&q(|q| q.search = Some("bí mật".into())))
            .await
            .unwrap();
        assert!(none.is_empty(), "{l}: a draft is never found");
        let (stc, n) = db
            .published_articles(&q(|q| q.org = Some("cb-stc".into())))
            .await
            .unwrap();
        assert_eq!(
            (titles(stc), n),
            (vec!["Kết nạp đảng viên mới".to_string()], 1),
            "{l}"
        );
        let (page2, n) = db
            .published_articles(&ArticleQuery {
                limit: 2,
                offset: 2,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!((page2.len(), n), (1, 3), "{l}");
        let links = db.published_links().await.unwrap();
        assert_eq!(
            links.iter().map(|x| x.id).collect::<Vec<_>>(),
            [ids[1], ids[2], ids[0]],
            "{l}"
        );
        let orgs = db.publishing_orgs().await.unwrap();
        assert_eq!(
            orgs.iter()
                .map(|o| (o.code.as_str(), o.articles))
                .collect::<Vec<_>>(),
            [("CB-SNV", 2), ("CB-STC", 1)],
            "{l}"
        );
    }
}

#[tokio::test]
async fn read_counts_add_up_in_batches() {
    for t in databases().await {
        let (db, l, a) = (&t.db, t.label, editor());
        setup(db).await;
        let r = db
            .create_article(&a, "CB-SNV", &text("Tin", "Tin"), None)
            .await
            .unwrap();
        db.publish_article(&a, r.id, at(2020, 5, 18)).await.unwrap();
        db.add_article_reads(&[(r.id, 40)]).await.unwrap();
        db.add_article_reads(&[(r.id, 8), (9999, 3)]).await.unwrap();
        db.add_article_reads(&[]).await.unwrap();
        let got = db.published_article(&r.slug).await.unwrap().unwrap();
        assert_eq!(got.read_count, 48, "{l}");
    }
}
