//! Tests of the member file: registers written to .xlsx/.csv and read back into the same
//! records, cells of real spreadsheets read as text, and the errors a user sees.

use std::path::Path;

use calamine::Reader;
use chrono::NaiveDate;
use domain::register::import::{Column, parse_member_rows};
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, RecordNumber, Sex,
    TheoryLevel,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2025, 6, 30)
}

fn person(name: &str, sex: Sex, birth: NaiveDate, admitted: NaiveDate) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: birth,
        sex,
        ethnicity: Some("Kinh".into()),
        religion: None,
        home_town: None,
        education: Some("12/12".into()),
        theory: TheoryLevel::None,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: admitted,
            official_on: None,
            card_number: None,
            record_number: None,
        }),
    }
}

fn register() -> Vec<RegisterRow> {
    let mut nhung = person(
        "Nguyễn Thị Hồng Nhung",
        Sex::Female,
        d(1985, 5, 15),
        d(2010, 3, 26),
    );
    nhung.theory = TheoryLevel::Intermediate;
    nhung.qualification = Qualification::Master;
    nhung.home_town = Some("Thôn 3, xã Đông Hòa, tỉnh Thái Bình".into());
    nhung.occupation = Some("Giáo viên \"dạy giỏi\"".into());
    let m = nhung.membership.as_mut().unwrap();
    m.official_on = Some(d(2011, 3, 26));
    m.card_number = Some(CardNumber::parse("01234567").unwrap());
    m.record_number = Some(RecordNumber::parse("012345KG").unwrap());

    let mut duc = person("Đỗ Văn Đức", Sex::Male, d(1960, 2, 29), d(1985, 9, 2));
    duc.birth_name = Some("Đỗ Văn Được".into());
    duc.theory = TheoryLevel::Advanced;
    duc.religion = Some("Phật giáo".into());
    let m = duc.membership.as_mut().unwrap();
    m.official_on = Some(d(1986, 9, 2));
    m.card_number = Some(CardNumber::parse("80000001").unwrap());

    // Probationary, no card yet.
    let tuyet = person(
        "Lê Thị Ánh Tuyết",
        Sex::Female,
        d(2001, 12, 1),
        d(2024, 12, 1),
    );

    [nhung, duc, tuyet]
        .into_iter()
        .map(|record| RegisterRow {
            record,
            org_code: "CB01".into(),
            org_name: "Chi bộ Trường THCS Đông Hòa".into(),
        })
        .collect()
}

fn read_back(path: &Path) -> Vec<PersonRecord> {
    let table = read_table(path).unwrap();
    assert_eq!(table.headers, register_headers());
    parse_member_rows(&table.headers, &table.rows, today())
        .unwrap_or_else(|e| {
            panic!(
                "{:?}",
                e.iter().map(ToString::to_string).collect::<Vec<_>>()
            )
        })
        .into_iter()
        .map(|r| r.record)
        .collect()
}

fn records(rows: &[RegisterRow]) -> Vec<PersonRecord> {
    rows.iter().map(|r| r.record.clone()).collect()
}

#[test]
fn register_round_trips_through_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach.xlsx");
    let rows = register();
    write_register_xlsx(&path, &rows).unwrap();
    assert_eq!(read_back(&path), records(&rows));

    let table = read_table(&path).unwrap();
    assert_eq!(
        table.rows[0][Column::CardNumber.index()],
        "01234567",
        "leading zero kept"
    );
    assert_eq!(table.rows[0][16], "CB01");
    assert_eq!(table.rows[0][17], "Chi bộ Trường THCS Đông Hòa");
    let workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(workbook.sheet_names(), vec![SHEET_NAME.to_string()]);
}

#[test]
fn register_round_trips_through_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach.csv");
    let rows = register();
    write_register_csv(&path, &rows).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "Excel needs the BOM to show diacritics"
    );
    assert_eq!(read_back(&path), records(&rows));
}

#[test]
fn a_csv_written_a_few_lines_at_a_time_is_the_same_file() {
    let rows = register();
    let whole = register_csv_bytes(&rows).unwrap();
    let mut parts = RegisterCsv::new("x.csv", Vec::new()).unwrap();
    for line in rows.chunks(1) {
        parts.write(line).unwrap();
    }
    assert_eq!(parts.finish().unwrap(), whole);
    let header_only = RegisterCsv::new("x.csv", Vec::new())
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(header_only, register_csv_bytes(&[]).unwrap());
}

#[test]
fn downloads_read_like_files() {
    let rows = register();
    let xlsx = register_xlsx_bytes(&rows).unwrap();
    let csv = register_csv_bytes(&rows).unwrap();
    let from_xlsx = read_table_from_bytes("tai-len.xlsx", &xlsx).unwrap();
    let from_csv = read_table_from_bytes("csv", &csv).unwrap();
    assert_eq!(from_xlsx, from_csv);
    assert_eq!(from_xlsx.rows.len(), 3);
}

#[test]
fn empty_register_still_has_its_header() {
    let table = read_table_from_bytes("x.xlsx", &register_xlsx_bytes(&[]).unwrap()).unwrap();
    assert_eq!(table.headers, register_headers());
    assert!(table.rows.is_empty());
}

#[test]
fn csv_with_bom_reads_a_clean_first_header() {
    let bytes = "\u{FEFF}Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng\r\n\
                 Đỗ Văn Đức,02/09/1980,Nam,03/02/2005\r\n"
        .as_bytes();
    let table = read_table_from_bytes("ds.csv", bytes).unwrap();
    assert_eq!(table.headers[0], "Họ và tên");
    let parsed = parse_member_rows(&table.headers, &table.rows, today()).unwrap();
    assert_eq!(parsed[0].record.full_name.as_str(), "Đỗ Văn Đức");
}

#[test]
fn csv_short_rows_are_padded_and_blank_lines_keep_row_numbers() {
    let text = "Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng\n\
                Đỗ Văn Đức,02/09/1980\n\
                \n\
                \"Lê Thị\nMai\",01/01/1990,Nữ,01/01/2015\n\
                Vũ Văn Nam,01/01/1990,Nam,01/01/2015\n";
    let table = read_table_from_bytes("ds.csv", text.as_bytes()).unwrap();
    assert_eq!(table.rows.len(), 4);
    assert_eq!(table.rows[0], vec!["Đỗ Văn Đức", "02/09/1980", "", ""]);
    assert_eq!(
        table.rows[1],
        vec!["", "", "", ""],
        "the blank line is row 3"
    );
    assert_eq!(table.rows[2][0], "Lê Thị\nMai");
    assert_eq!(
        table.rows[3][0], "Vũ Văn Nam",
        "a multi-line cell is still one row"
    );

    let crlf = "Họ và tên\r\nAn\r\n\r\n\r\nBình\r\nChi\r\n";
    let table = read_table_from_bytes("ds.csv", crlf.as_bytes()).unwrap();
    let names: Vec<&str> = table.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, vec!["An", "", "", "Bình", "Chi"]);
}

#[test]
fn csv_with_semicolons_is_read() {
    let text =
        "Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng\nĐỗ Văn Đức;02/09/1980;Nam;03/02/2005\n";
    let table = read_table_from_bytes("ds.csv", text.as_bytes()).unwrap();
    assert_eq!(table.headers.len(), 4);
    assert_eq!(table.rows[0][3], "03/02/2005");
}

#[test]
fn csv_not_in_utf8_is_refused_with_advice() {
    // "Nguyễn" in Windows-1258 is not valid UTF-8.
    let bytes = b"H\xf2 v\xe0 t\xean\nNguy\xd2n\n";
    let e = read_table_from_bytes("ds.csv", bytes).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Không đọc được tệp 'ds.csv': dòng 1 không phải văn bản UTF-8"),
        "{e}"
    );
}

#[test]
fn xlsx_numbers_and_dates_read_as_the_text_a_user_sees() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhap-tay.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in [
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Ngày vào Đảng",
        "Số thẻ đảng viên",
        "Ghi chú",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Nguyễn Thị Hồng Nhung").unwrap();
    sheet
        .write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(1985, 5, 15).unwrap(), &date)
        .unwrap();
    sheet.write_string(1, 2, "Nữ").unwrap();
    sheet
        .write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(2020, 5, 15).unwrap(), &date)
        .unwrap();
    sheet.write_number(1, 4, 80000001.0).unwrap();
    sheet.write_number(1, 5, 2.5).unwrap();
    workbook.save(&path).unwrap();

    let table = read_table(&path).unwrap();
    assert_eq!(table.rows[0][1], "15/05/1985");
    assert_eq!(table.rows[0][3], "15/05/2020");
    assert_eq!(table.rows[0][4], "80000001");
    assert_eq!(table.rows[0][5], "2.5");
    let parsed = parse_member_rows(&table.headers, &table.rows, today()).unwrap();
    let m = parsed[0].record.membership.as_ref().unwrap();
    assert_eq!(m.admitted_on, d(2020, 5, 15));
    assert_eq!(m.card_number.as_ref().unwrap().as_str(), "80000001");
}

#[test]
fn xlsx_cells_from_column_a_and_short_rows() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 1, "Họ và tên").unwrap();
    sheet.write_string(0, 2, "Ngày sinh").unwrap();
    sheet.write_string(2, 1, "Đỗ Văn Đức").unwrap();
    let table = read_table_from_bytes("x.xlsx", &workbook.save_to_buffer().unwrap()).unwrap();
    assert_eq!(table.headers, vec!["", "Họ và tên", "Ngày sinh"]);
    assert_eq!(
        table.rows,
        vec![vec!["", "", ""], vec!["", "Đỗ Văn Đức", ""]]
    );
}

#[test]
fn header_must_be_on_row_one() {
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .write_string(1, 0, "Họ và tên")
        .unwrap();
    let e = read_table_from_bytes("x.xlsx", &workbook.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(
        e,
        FileError::NoHeader {
            name: "x.xlsx".into()
        }
    );

    let e = read_table_from_bytes("x.csv", b"").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Tệp 'x.csv' không có dòng tiêu đề (dòng 1 phải là tên các cột)"
    );
    let e = read_table_from_bytes("x.csv", b"\nHo va ten\n").unwrap_err();
    assert_eq!(
        e,
        FileError::NoHeader {
            name: "x.csv".into()
        }
    );
}

#[test]
fn unknown_extension_is_refused() {
    let e = read_table(Path::new("danh-sach.ods")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Định dạng tệp '.ods' không được hỗ trợ (chỉ .csv hoặc .xlsx)"
    );
    let e = read_table(Path::new("danh-sach")).unwrap_err();
    assert!(matches!(e, FileError::NoExtension { .. }), "{e}");
    assert_eq!(FileFormat::from_name("DS.XLSX"), Ok(FileFormat::Xlsx));
    assert_eq!(FileFormat::from_name(".csv"), Ok(FileFormat::Csv));
}

#[test]
fn missing_or_broken_files_name_the_path_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co.xlsx");
    let e = read_table(&missing).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "Không đọc được tệp '{}': không tìm thấy tệp hoặc thư mục",
            missing.display()
        )
    );
    let e = read_table(&dir.path().join("khong-co.csv")).unwrap_err();
    assert!(matches!(e, FileError::Unreadable { .. }), "{e}");

    let broken = dir.path().join("hong.xlsx");
    std::fs::write(&broken, "Họ và tên,Ngày sinh\n").unwrap();
    let e = read_table(&broken).unwrap_err();
    assert!(e.to_string().contains("không phải tệp .xlsx hợp lệ"), "{e}");
}

#[test]
fn bare_read_counts_non_empty_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ds.xlsx");
    let rows = register();
    write_register_xlsx(&path, &rows).unwrap();
    let expected = register_headers().len()
        + rows
            .iter()
            .map(|r| {
                domain::register::import::record_cells(&r.record)
                    .iter()
                    .filter(|c| !c.is_empty())
                    .count()
                    + 2
            })
            .sum::<usize>();
    assert_eq!(bare_read_xlsx_cell_count(&path).unwrap(), expected);
}

/// A register whose free-text fields start the way formulas do (OWASP, CSV injection).
fn register_with_formulas() -> Vec<RegisterRow> {
    let mut rows = register();
    let r = &mut rows[0].record;
    r.occupation = Some("=HYPERLINK(\"http://ke-gian.example/\",\"Bấm vào đây\")".into());
    r.home_town = Some("+84-123".into());
    r.ethnicity = Some("@SUM(1+1)".into());
    r.religion = Some("-1+1".into());
    rows[1].record.education = Some("=1+1".into());
    rows[2].org_name = "'=quoted already".into();
    rows
}

#[test]
fn csv_cells_that_start_like_formulas_are_quoted_and_read_back() {
    let rows = register_with_formulas();
    let bytes = register_csv_bytes(&rows).unwrap();
    // The raw cells, as a spreadsheet program sees them: none may start like a formula.
    let mut raw = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&bytes[3..]);
    let mut cells = 0;
    for record in raw.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    assert!(cells > 0);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://ke-gian.example/\"\""),
        "prefixed with a quote and kept in double quotes: {text}"
    );
    // Read back, the values are the ones exported.
    let table = read_table_from_bytes("csv", &bytes).unwrap();
    assert_eq!(
        table.rows[0][Column::Occupation.index()],
        "=HYPERLINK(\"http://ke-gian.example/\",\"Bấm vào đây\")"
    );
    assert_eq!(table.rows[1][Column::Education.index()], "=1+1");
    assert_eq!(table.rows[2][17], "'=quoted already");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach.csv");
    write_register_csv(&path, &rows).unwrap();
    assert_eq!(read_back(&path), records(&rows));
}

#[test]
fn xlsx_cells_that_start_like_formulas_stay_text() {
    let rows = register_with_formulas();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach.xlsx");
    write_register_xlsx(&path, &rows).unwrap();
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let formulas = workbook.worksheet_formula(SHEET_NAME).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell of the .xlsx is a formula"
    );
    let table = read_table(&path).unwrap();
    assert_eq!(
        table.rows[0][Column::Occupation.index()],
        "=HYPERLINK(\"http://ke-gian.example/\",\"Bấm vào đây\")",
        "the text is kept as typed, without a quote"
    );
    assert_eq!(read_back(&path), records(&rows));
}
