//! The sheet of initial passwords an administrator prints after creating accounts in bulk:
//! one row per account (whom it is for, the organization, the user name, the password), with
//! the instruction that the password must be changed at the first sign-in. The passwords are
//! on this sheet only; dangvu keeps their hashes.

use chrono::NaiveDate;

use crate::document::{Align, Block, Document, Issuer, Signature};

/// One account on the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLine {
    pub holder: String,
    pub org_name: String,
    pub username: String,
    pub password: String,
}

/// The sheet of `lines`, issued by `organization` under `superior` on `date`; `address` is
/// where to sign in.
pub fn password_sheet(
    superior: &str,
    organization: &str,
    place: &str,
    date: NaiveDate,
    address: &str,
    lines: &[SheetLine],
) -> Document {
    let issuer = Issuer {
        superior: superior.into(),
        organization: organization.into(),
        place: place.into(),
        date,
    };
    Document {
        title: format!("Danh sách tài khoản đăng nhập — {organization}"),
        blocks: vec![
            Block::Header {
                superior: superior.into(),
                organization: organization.into(),
                units: vec![],
                number: None,
                place_date: issuer.place_date(),
            },
            Block::Title {
                text: "DANH SÁCH TÀI KHOẢN ĐĂNG NHẬP".into(),
            },
            Block::Subject {
                lines: vec!["Phần mềm quản lý công tác đảng dangvu".into()],
            },
            Block::Para {
                text: format!(
                    "Địa chỉ đăng nhập: {address}. Mỗi người nhận đúng dòng của mình; mật khẩu dưới đây là mật khẩu được cấp, phải đổi ngay ở lần đăng nhập đầu tiên (phần mềm yêu cầu đổi trước khi làm việc khác). Không chuyển mật khẩu cho người khác; bản in này cần được hủy sau khi đã giao."
                ),
            },
            table(lines),
            Block::Para {
                text: format!("Tổng số: {} tài khoản.", lines.len()),
            },
            Block::Signatures {
                left: Signature {
                    titles: vec![],
                    names: vec![],
                },
                right: Signature {
                    titles: vec!["NGƯỜI LẬP DANH SÁCH".into()],
                    names: vec![],
                },
            },
        ],
    }
}

/// One row per account.
fn table(lines: &[SheetLine]) -> Block {
    Block::Table {
        widths: vec![5, 24, 25, 18, 28],
        align: vec![
            Align::Center,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
        ],
        header: vec![
            "STT".into(),
            "Người sử dụng".into(),
            "Tổ chức".into(),
            "Tên đăng nhập".into(),
            "Mật khẩu được cấp".into(),
        ],
        rows: lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    (i + 1).to_string(),
                    l.holder.clone(),
                    l.org_name.clone(),
                    l.username.clone(),
                    l.password.clone(),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_lists_every_account_with_its_password() {
        let lines = vec![
            SheetLine {
                holder: "Bí thư Chi bộ Ban Thi đua – Khen thưởng".into(),
                org_name: "Chi bộ Ban Thi đua – Khen thưởng".into(),
                username: "bt-cb-tdkt".into(),
                password: "abcDEF234567hjkm".into(),
            },
            SheetLine {
                holder: "Bí thư Chi bộ Văn phòng Sở".into(),
                org_name: "Chi bộ Văn phòng Sở".into(),
                username: "bt-cb-vpsnoivu".into(),
                password: "xyzXYZ234567hjkm".into(),
            },
        ];
        let d = password_sheet(
            "Đảng bộ Khối các cơ quan tỉnh",
            "Đảng bộ Sở Nội vụ",
            "Kiên Giang",
            NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            "http://dangvu.local",
            &lines,
        );
        let t = d.to_text();
        assert!(t.contains("bt-cb-tdkt") && t.contains("abcDEF234567hjkm"));
        assert!(t.contains("xyzXYZ234567hjkm"));
        assert!(t.contains("Tổng số: 2 tài khoản."));
        assert!(t.contains("phải đổi ngay ở lần đăng nhập đầu tiên"));
    }
}
