//! Every figure opens the list behind it (issue 18 §2.6), read as a user reads the pages of
//! the demo served by the real binary: each count of Chi bộ Sở Ngoại vụ's structure on
//! 15/5/2020, of its ratings in each year, each yearly value and each verdict count of its
//! review, and each cell of Đảng bộ Khối's roll-up is a link, and the list it opens is as long
//! as the figure (or, for a share, gives the same percentage).

use crate::common::http::{Client, serve};

/// The links of a page whose address contains `marker`: (address, the link's text).
fn figure_links(html: &str, marker: &str) -> Vec<(String, String)> {
    html.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let (href, after) = rest.split_once('"')?;
            let text = after.split_once('>')?.1.split("</a>").next()?;
            Some((unescape(href), text.trim().to_string()))
        })
        .filter(|(h, _)| h.contains(marker))
        .collect()
}

/// An attribute's value as a browser reads it (the page escapes `&` as `&amp;` or `&#38;`).
fn unescape(raw: &str) -> String {
    raw.replace("&amp;", "&").replace("&#38;", "&")
}

/// The leading whole number of a text ("06 đồng chí", "5 (22,7%)").
fn leading_number(text: &str) -> Option<usize> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The percentage in a text: "22,7%" in "5 (22,7%)".
fn percent_in(text: &str) -> Option<String> {
    let end = text.find('%')?;
    let start = text[..end]
        .rfind(|c: char| !(c.is_ascii_digit() || c == ','))
        .map_or(0, |i| i + 1);
    Some(text[start..=end].to_string())
}

/// The rows of the table with `id` on a page (none when the page has no such table).
fn rows(html: &str, id: &str) -> usize {
    let Some(at) = html.find(&format!("id=\"{id}\"")) else {
        return 0;
    };
    let table = &html[at..html[at..].find("</table>").map_or(html.len(), |e| at + e)];
    let body = table.split("<tbody>").nth(1).unwrap_or("");
    body.matches("<tr").count()
}

/// The figure a list page prints for its list.
fn printed_figure(html: &str) -> String {
    html.split("id=\"figure\">")
        .nth(1)
        .and_then(|s| s.split("</b>").next())
        .unwrap_or("")
        .to_string()
}

/// Opens a figure's list; checks its length against a count, or its share against a percent.
fn check_figure(c: &mut Client, href: &str, shown: &str, faults: &mut Vec<String>) {
    let list = c.page(href);
    let printed = printed_figure(&list);
    // A long list comes in pages: every page's lines, following "Trang sau".
    let mut n = rows(&list, "figure-list");
    let mut page = list.clone();
    let path = href.split('?').next().unwrap_or(href);
    while let Some(next) = page
        .split("\" rel=\"next\"")
        .next()
        .filter(|before| before.len() < page.len())
        .and_then(|before| before.rsplit("href=\"").next())
    {
        page = c.page(&format!("{path}{}", unescape(next)));
        n += rows(&page, "figure-list");
    }
    if let Some(p) = percent_in(shown)
        && !printed.contains(&p)
    {
        faults.push(format!("{href}: the figure shows {p}, its list {printed}"));
    }
    if !shown.ends_with('%') || shown.contains('(') {
        // A count (or a count with its share): the list is that long.
        let Some(count) = leading_number(shown) else {
            faults.push(format!("{href}: no count in '{shown}'"));
            return;
        };
        if printed.contains("lượt") {
            return; // meetings: checked by their share
        }
        if n != count || leading_number(&printed) != Some(count) {
            faults.push(format!(
                "{href}: the figure is {count}, the list has {n} lines and prints '{printed}'"
            ));
        }
    }
}

#[test]
fn every_figure_of_chi_bo_so_ngoai_vu_opens_a_list_as_long_as_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_server, port) = serve(dir.path());
    let mut c = Client::signed_in(port, "demo");
    let mut faults = Vec::new();
    let mut checked = 0;

    // The structure on 15/5/2020: every count and its share.
    let org = c.page("/to-chuc/CB-SNV?ngay=2020-05-15");
    let structure = figure_links(&org, "/so-lieu?");
    assert!(
        structure.len() >= 19,
        "{} structure figures",
        structure.len()
    );
    for (href, text) in &structure {
        assert!(href.contains("ngay=2020-05-15"), "{href}");
        // The share printed beside the count on the organization's page.
        let after = org
            .split(&format!("{text}</a></td><td class=\"num\">"))
            .nth(1);
        let share = after.and_then(|a| a.split("</td>").next()).unwrap_or("");
        check_figure(&mut c, href, &format!("{text} ({share})"), &mut faults);
        checked += 1;
    }
    let members = figure_links(&org, "chi-so=dang-vien&");
    assert_eq!(members[0].1, "22", "seed 000's 22 members");

    // The ratings of each year: each level's count opens the members rated so.
    for year in 2020..=2024 {
        let page = c.page(&format!("/to-chuc/CB-SNV/xep-loai?nam={year}"));
        let links = figure_links(&page, "chi-so=xep-loai-");
        assert_eq!(links.len(), 4, "{year}: a link per level");
        for (href, text) in &links {
            check_figure(&mut c, href, text, &mut faults);
            checked += 1;
        }
    }

    // The review: each yearly value opens what it counts; each verdict count its targets.
    let review = c.page("/to-chuc/CB-SNV/nghi-quyet");
    let values = figure_links(&review, "/so-lieu?");
    assert!(
        values.len() >= 20,
        "{} yearly values with a list",
        values.len()
    );
    for (href, text) in &values {
        check_figure(&mut c, href, text, &mut faults);
        checked += 1;
    }
    for (href, text) in figure_links(&review, "loc=") {
        let Some(count) = leading_number(&text) else {
            continue; // "tất cả chỉ tiêu"
        };
        let page = c.page(&format!("/to-chuc/CB-SNV/nghi-quyet{href}"));
        let n = rows(&page, "review");
        if n != count {
            faults.push(format!("review {href}: '{text}' opens {n} targets"));
        }
        checked += 1;
    }

    // The roll-up of Đảng bộ Khối: each cell opens the targets it counts, in its scope.
    for scope in ["", "?ky=nam&nam=2021", "?ky=giua-nhiem-ky"] {
        let page = c.page(&format!("/to-chuc/DUK-KG/nghi-quyet/tong-hop{scope}"));
        let cells = figure_links(&page, "/nghi-quyet?nhiem_ky=");
        assert!(cells.len() >= 4, "roll-up {scope}: {} cells", cells.len());
        for (href, text) in cells {
            let Some(count) = leading_number(&text) else {
                continue; // the organization's name
            };
            let n = rows(&c.page(&href), "review");
            if n != count {
                faults.push(format!("roll-up {scope}: {href} shows {count}, opens {n}"));
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} figures checked");
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_figure_check_can_fail() {
    // The helpers read what they must: a wrong count or share would be seen.
    let html = "<a href=\"/to-chuc/X/so-lieu?chi-so=du-bi&#38;ngay=2020-05-15\">06</a>";
    assert_eq!(
        figure_links(html, "/so-lieu?"),
        vec![(
            "/to-chuc/X/so-lieu?chi-so=du-bi&ngay=2020-05-15".to_string(),
            "06".to_string()
        )]
    );
    assert_eq!(leading_number("06 đồng chí"), Some(6));
    assert_eq!(percent_in("5 (22,7%)").as_deref(), Some("22,7%"));
    assert_eq!(percent_in("100,0%").as_deref(), Some("100,0%"));
    let list = "<b id=\"figure\">02 đồng chí</b><table class=\"list\" id=\"figure-list\">\
                <thead><tr><th>#</th></tr></thead><tbody><tr><td>1</td></tr><tr><td>2</td></tr>\
                </tbody></table>";
    assert_eq!(rows(list, "figure-list"), 2);
    assert_eq!(printed_figure(list), "02 đồng chí");
    assert_eq!(rows("<p>Không có</p>", "figure-list"), 0);
}
