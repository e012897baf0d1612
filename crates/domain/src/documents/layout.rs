//! What the HD 36 layout fixes about who signs (DOMAIN.md §7): T/M (thay mặt) for a collective
//! body, K/T (ký thay) when a deputy signs for the head, and the lines of "Nơi nhận".

use crate::register::org::OrgKind;

/// The collective body that signs for an organization of this kind: a branch signs "T/M CHI
/// BỘ", a grassroots committee "T/M ĐẢNG ỦY", a province or block "T/M BAN THƯỜNG VỤ".
pub fn signing_body(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Central => "BAN CHẤP HÀNH TRUNG ƯƠNG",
        OrgKind::Province | OrgKind::Block => "BAN THƯỜNG VỤ",
        OrgKind::GrassrootsCommittee | OrgKind::PartialCommittee => "ĐẢNG ỦY",
        OrgKind::GrassrootsBranch | OrgKind::Branch => "CHI BỘ",
        OrgKind::Cell => "TỔ ĐẢNG",
    }
}

/// The title lines above the signature: "T/M CHI BỘ" / "BÍ THƯ", or with a deputy "T/M CHI BỘ"
/// / "K/T BÍ THƯ" / "PHÓ BÍ THƯ". A congress's documents are signed for its presidium ("T/M
/// ĐOÀN CHỦ TỊCH").
pub fn signature_titles(kind: OrgKind, deputy: bool, congress: bool) -> Vec<String> {
    if congress {
        return vec!["T/M ĐOÀN CHỦ TỊCH".into()];
    }
    let head = match kind {
        OrgKind::Cell => "TỔ TRƯỞNG",
        _ => "BÍ THƯ",
    };
    let mut lines = vec![format!("T/M {}", signing_body(kind))];
    if deputy {
        lines.push(format!("K/T {head}"));
        lines.push(format!("PHÓ {head}"));
    } else {
        lines.push(head.to_string());
    }
    lines
}

/// "Nơi nhận" as HD 36 writes it: each line "- …," and the last "- Lưu …." (the file copy,
/// added when missing).
pub fn recipient_lines(recipients: &[String], keeper: &str) -> Vec<String> {
    let mut names: Vec<String> = recipients
        .iter()
        .map(|r| {
            r.trim()
                .trim_start_matches(['-', '+', '•'])
                .trim()
                .trim_end_matches([',', '.', ';'])
                .to_string()
        })
        .filter(|r| !r.is_empty())
        .collect();
    if !names.iter().any(|n| n.starts_with("Lưu")) {
        names.push(format!("Lưu {keeper}"));
    }
    let last = names.len() - 1;
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| format!("- {n}{}", if i == last { "." } else { "," }))
        .collect()
}

/// The media type of a document's file, from its extension (a register's attachment).
pub fn media_type(file_name: &str) -> &'static str {
    match file_name.to_lowercase().rsplit('.').next() {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("doc") => "application/msword",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}
