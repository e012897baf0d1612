//! Vietnamese names of party organizations: the blocks of a province, the agencies, schools,
//! hospitals, companies and communes under them, and the branches inside each.

use std::collections::HashSet;

use fastrand::Rng;

use crate::dist::{chance, low_skewed, one_of};

/// Where the members of an organization work; decides their occupations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Sector {
    /// State agency: civil servants (công chức).
    Agency,
    /// Public service unit: public employees (viên chức).
    PublicService,
    School,
    University,
    Health,
    Enterprise,
    Police,
    Military,
    /// The office of a commune or ward.
    CommuneOffice,
    /// A hamlet or neighbourhood branch (chi bộ ấp, khu phố): residents.
    Residential,
}

/// The second-level nodes of the province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockType {
    Agencies,
    Enterprises,
    Police,
    Military,
    /// A district, town or city: `unit` is "huyện", "thị xã" or "thành phố".
    District {
        unit: &'static str,
        place: &'static str,
    },
}

impl BlockType {
    pub(crate) fn name(&self) -> String {
        match self {
            BlockType::Agencies => "Đảng bộ Khối các cơ quan tỉnh".to_string(),
            BlockType::Enterprises => "Đảng bộ Khối Doanh nghiệp tỉnh".to_string(),
            BlockType::Police => "Đảng bộ Công an tỉnh".to_string(),
            BlockType::Military => "Đảng bộ Quân sự tỉnh".to_string(),
            BlockType::District { unit, place } => format!("Đảng bộ {unit} {place}"),
        }
    }

    /// Relative share of the province's members.
    pub(crate) fn weight(&self, rng: &mut Rng) -> f64 {
        let jitter = 0.75 + 0.5 * rng.f64();
        jitter
            * match self {
                BlockType::Agencies => 2.2,
                BlockType::Enterprises => 0.6,
                BlockType::Police => 1.0,
                BlockType::Military => 0.6,
                BlockType::District {
                    unit: "thành phố",
                ..
                } => 1.5,
                BlockType::District { .. } => 1.0,
            }
    }
}

/// The `n` blocks of a province, in the order they are listed.
pub(crate) fn blocks(rng: &mut Rng, n: usize) -> Vec<BlockType> {
    let mut places: Vec<&'static str> = DISTRICTS.to_vec();
    rng.shuffle(&mut places);
    let mut places = places.into_iter().cycle();
    let mut districts = 0usize;
    let mut next_district = |places: &mut dyn Iterator<Item = &'static str>| {
        let unit = match districts {
            0 => "thành phố",
            3 => "thị xã",
            _ => "huyện",
        };
        districts += 1;
        BlockType::District {
            unit,
            place: places.next().unwrap_or("Châu Thành"),
        }
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let b = match i {
            0 => BlockType::Agencies,
            2 => BlockType::Enterprises,
            4 => BlockType::Police,
            6 => BlockType::Military,
            _ => next_district(&mut places),
        };
        out.push(b);
    }
    out
}

/// The kinds of sub-organization lists a grassroots unit draws its branches from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BranchSet {
    Departments,
    Hospital,
    School,
    University,
    Company,
    Bank,
    Police,
    Military,
    Commune,
    Ward,
}

/// One grassroots unit to create: its name without "Đảng bộ"/"Chi bộ", its sector, its
/// member budget and where its branches' names come from.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub base: String,
    pub sector: Sector,
    pub size: usize,
    pub branches: BranchSet,
    /// The place the unit is in ("xã Bình An"), used in branch names such as "Quân sự xã".
    pub place: String,
}

/// Produces the grassroots units of one block, each name unique within the block.
pub(crate) struct BlockCatalog {
    block: BlockType,
    agencies: Vec<&'static (&'static str, Sector, usize, usize, BranchSet)>,
    used: HashSet<String>,
    count: usize,
    /// Sizes of the table's units are multiplied by this, so that a big province fills a
    /// block with bigger agencies rather than running out of them.
    scale: f64,
}

impl BlockCatalog {
    pub(crate) fn new(rng: &mut Rng, block: BlockType, budget: usize) -> Self {
        let table: &'static [(&'static str, Sector, usize, usize, BranchSet)] = match block {
            BlockType::Agencies => PROVINCIAL_AGENCIES,
            BlockType::Enterprises => COMPANIES,
            BlockType::Police => POLICE_UNITS,
            BlockType::Military => MILITARY_UNITS,
            BlockType::District { .. } => DISTRICT_AGENCIES,
        };
        let mut agencies: Vec<_> = table.iter().collect();
        // The big ones come first so a small province still has a hospital or a district
        // office; the rest in random order.
        let fixed = match block {
            BlockType::Agencies => 2,
            BlockType::District { .. } => 3,
            _ => 1,
        }
        .min(agencies.len());
        rng.shuffle(&mut agencies[fixed..]);
        agencies.reverse(); // popped from the back
        let scale = match block {
            BlockType::District { .. } => 1.0,
            _ => {
                let expected: usize = table.iter().map(|(_, _, lo, hi, _)| (lo + hi) / 2).sum();
                (budget as f64 * 1.15 / expected.max(1) as f64).max(1.0)
            }
        };
        Self {
            block,
            agencies,
            used: HashSet::new(),
            count: 0,
            scale,
        }
    }

    /// The next unit of the block.
    pub(crate) fn next_unit(&mut self, rng: &mut Rng) -> Unit {
        self.count += 1;
        match self.block.clone() {
            BlockType::District { unit, place } => {
                let district = format!("{unit} {place}");
                // The district's own offices first, then communes, schools and offices mixed.
                if (self.count <= 3 || chance(rng, 0.08))
                    && let Some(u) = self.take_from_table(rng, Some(&district))
                {
                    return u;
                }
                if chance(rng, 0.5) {
                    self.commune(rng, unit)
                } else {
                    self.school(rng, &district)
                }
            }
            _ => match self.take_from_table(rng, None) {
                Some(u) => u,
                None => self.generic(rng),
            },
        }
    }

    fn take_from_table(&mut self, rng: &mut Rng, district: Option<&str>) -> Option<Unit> {
        let &(name, sector, lo, hi, branches) = self.agencies.pop()?;
        let base = match district {
            Some(d) => format!("{name} {d}"),
            None => name.to_string(),
        };
        self.used.insert(base.clone());
        let size = (rng.usize(lo..=hi) as f64 * self.scale) as usize;
        Some(Unit {
            base,
            sector,
            size,
            branches,
            place: String::new(),
        })
    }

    /// A unit once the block's table is used up: numbered units of the block's trade.
    fn generic(&mut self, rng: &mut Rng) -> Unit {
        let n = self.count;
        let (base, sector, lo, hi, branches) = match self.block {
            BlockType::Enterprises => (
                format!("Công ty Cổ phần Đầu tư và Phát triển số {n}"),
                Sector::Enterprise,
                12,
                180,
                BranchSet::Company,
            ),
            BlockType::Police => (
                format!("Phòng Nghiệp vụ số {n}"),
                Sector::Police,
                20,
                150,
                BranchSet::Police,
            ),
            BlockType::Military => (
                format!("Tiểu đoàn {n}"),
                Sector::Military,
                20,
                120,
                BranchSet::Military,
            ),
            _ => (
                format!("Ban Quản lý dự án đầu tư xây dựng số {n}"),
                Sector::PublicService,
                10,
                120,
                BranchSet::Departments,
            ),
        };
        self.used.insert(base.clone());
        Unit {
            base,
            sector,
            size: low_skewed(rng, lo, hi),
            branches,
            place: String::new(),
        }
    }

    fn commune(&mut self, rng: &mut Rng, district_unit: &str) -> Unit {
        let urban = district_unit != "huyện";
        let (kind, branches) = if urban {
            ("phường", BranchSet::Ward)
        } else if chance(rng, 0.08) {
            ("thị trấn", BranchSet::Commune)
        } else {
            ("xã", BranchSet::Commune)
        };
        let place = self.unique(rng, |rng| format!("{kind} {}", place_name(rng)));
        let size = rng.usize(80..=450);
        Unit {
            base: place.clone(),
            sector: Sector::CommuneOffice,
            size,
            branches,
            place,
        }
    }

    fn school(&mut self, rng: &mut Rng, district: &str) -> Unit {
        let (level, lo, hi, sector) = match rng.u32(0..100) {
            0..30 => ("Trường THPT", 18, 70, Sector::School),
            30..60 => ("Trường THCS", 10, 40, Sector::School),
            60..85 => ("Trường Tiểu học", 9, 32, Sector::School),
            85..95 => ("Trường Mầm non", 9, 25, Sector::School),
            _ => (
                "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
                12,
                45,
                Sector::School,
            ),
        };
        let base = if level.starts_with("Trung tâm") {
            self.unique(rng, |_| format!("{level} {district}"))
        } else {
            self.unique(rng, |rng| {
                let namesake = match level {
                    "Trường Mầm non" => one_of(rng, KINDERGARTEN_NAMES).to_string(),
                    "Trường Tiểu học" if chance(rng, 0.6) => place_name(rng),
                    "Trường THCS" if chance(rng, 0.4) => place_name(rng),
                    _ => one_of(rng, NAMESAKES).to_string(),
                };
                format!("{level} {namesake}")
            })
        };
        let size = low_skewed(rng, lo, hi);
        Unit {
            base,
            sector,
            size,
            branches: BranchSet::School,
            place: String::new(),
        }
    }

    /// A name from `make` not yet used in this block ("… 2" after a few collisions).
    fn unique(&mut self, rng: &mut Rng, mut make: impl FnMut(&mut Rng) -> String) -> String {
        let mut candidate = make(rng);
        for _ in 0..12 {
            if !self.used.contains(&candidate) {
                break;
            }
            candidate = make(rng);
        }
        let mut name = candidate.clone();
        let mut k = 2;
        while self.used.contains(&name) {
            name = format!("{candidate} {k}");
            k += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

/// A place name made of two Sino-Vietnamese syllables, as most communes and wards are named.
pub(crate) fn place_name(rng: &mut Rng) -> String {
    loop {
        let a = one_of(rng, PLACE_FIRST);
        let b = one_of(rng, PLACE_SECOND);
        if a != b {
            return format!("{a} {b}");
        }
    }
}

/// Names for the branches (or partial committees) under one committee, unique among
/// siblings: a shuffled list first (management first), then numbered names.
pub(crate) struct BranchNamer {
    list: Vec<(String, Sector)>,
    next: usize,
    numbered: &'static str,
    numbered_sector: Sector,
    numbered_count: usize,
    /// The partial committees' names and branch lists, in order.
    groups: &'static [Group],
    partial_count: usize,
}

/// A partial committee's name (without "Đảng bộ bộ phận") and the branches it groups.
type Group = (&'static str, &'static [&'static str]);

impl BranchNamer {
    pub(crate) fn new(rng: &mut Rng, unit: &Unit) -> Self {
        let (groups, numbered) = groups(unit.branches);
        let names = groups
            .iter()
            .flat_map(|(_, branches)| branches.iter().copied());
        match unit.branches {
            BranchSet::Commune | BranchSet::Ward => Self::commune(rng, unit),
            _ => Self::from_names(rng, names, numbered, unit.sector, groups),
        }
    }

    fn from_names<'a>(
        rng: &mut Rng,
        names: impl Iterator<Item = &'a str>,
        numbered: &'static str,
        sector: Sector,
        groups: &'static [Group],
    ) -> Self {
        let mut list: Vec<(String, Sector)> = names.map(|n| (n.to_string(), sector)).collect();
        rng.shuffle(&mut list);
        // A school, hospital or office lists its management first, as reports do.
        if let Some(pos) = list.iter().position(|(n, _)| LEADING.contains(&n.as_str())) {
            let lead = list.remove(pos);
            list.insert(0, lead);
        }
        Self {
            list,
            next: 0,
            numbered,
            numbered_sector: sector,
            numbered_count: 0,
            groups,
            partial_count: 0,
        }
    }

    /// A commune's or ward's branches: its offices, forces and schools interleaved with
    /// hamlets (ấp), then numbered hamlets or neighbourhoods (khu phố).
    fn commune(rng: &mut Rng, unit: &Unit) -> Self {
        let word = if unit.place.starts_with("thị trấn") {
            "thị trấn"
        } else {
            unit.place.split(' ').next().unwrap_or("xã")
        };
        let mut inst = vec![
            (format!("Cơ quan {word}"), Sector::CommuneOffice),
            (format!("Quân sự {word}"), Sector::Military),
            (format!("Công an {word}"), Sector::Police),
            (
                format!("Trường Tiểu học {}", place_name(rng)),
                Sector::School,
            ),
            (
                format!("Trường Mầm non {}", one_of(rng, KINDERGARTEN_NAMES)),
                Sector::School,
            ),
            (format!("Trạm Y tế {word}"), Sector::Health),
        ];
        inst.truncate(3 + rng.usize(0..=3));
        let (numbered, hamlets) = if unit.branches == BranchSet::Ward {
            ("Khu phố", Vec::new())
        } else {
            let mut seen = HashSet::new();
            let hamlets: Vec<(String, Sector)> = (0..12)
                .map(|_| place_name(rng))
                .filter(|h| seen.insert(h.clone()))
                .map(|h| (format!("ấp {h}"), Sector::Residential))
                .collect();
            ("ấp", hamlets)
        };
        let mut list = Vec::new();
        let mut hamlets = hamlets.into_iter();
        for item in inst {
            list.push(item);
            list.extend(hamlets.next());
            list.extend(hamlets.next());
        }
        list.extend(hamlets);
        Self {
            list,
            next: 0,
            numbered,
            numbered_sector: Sector::Residential,
            numbered_count: 0,
            groups: &[],
            partial_count: 0,
        }
    }

    /// Whether a committee of this kind may be split into partial committees before it
    /// has to (communes, schools and banks only when they must).
    pub(crate) fn likes_partials(&self) -> bool {
        self.groups.len() >= 2
    }

    /// The next branch name (without "Chi bộ") and the sector of its members.
    pub(crate) fn branch(&mut self) -> (String, Sector) {
        if let Some(item) = self.list.get(self.next) {
            self.next += 1;
            return item.clone();
        }
        loop {
            self.numbered_count += 1;
            let name = format!("{} {}", self.numbered, self.numbered_count);
            if !self.list.iter().any(|(n, _)| *n == name) {
                return (name, self.numbered_sector);
            }
        }
    }

    /// The next partial committee: its name (without "Đảng bộ bộ phận") and the namer of
    /// its branches.
    pub(crate) fn partial(&mut self, rng: &mut Rng) -> (String, BranchNamer) {
        self.partial_count += 1;
        let sector = self.numbered_sector;
        match self.groups.get(self.partial_count - 1) {
            Some((name, branches)) => {
                let namer =
                    Self::from_names(rng, branches.iter().copied(), self.numbered, sector, &[]);
                (name.to_string(), namer)
            }
            None => {
                let namer = Self::from_names(rng, std::iter::empty(), self.numbered, sector, &[]);
                (format!("số {}", self.partial_count), namer)
            }
        }
    }
}

const LEADING: &[&str] = &["Văn phòng", "Ban Giám hiệu", "Ban Giám đốc"];

/// The partial-committee groups of each kind of unit and the stem of numbered branches.
fn groups(set: BranchSet) -> (&'static [Group], &'static str) {
    match set {
        BranchSet::Departments => (DEPARTMENTS, "Phòng Nghiệp vụ"),
        BranchSet::Hospital => (HOSPITAL, "Khoa Điều trị"),
        BranchSet::School => (SCHOOL, "Tổ chuyên môn"),
        BranchSet::University => (UNIVERSITY, "Bộ môn"),
        BranchSet::Company => (COMPANY, "Xí nghiệp"),
        BranchSet::Bank => (BANK, "Phòng Giao dịch số"),
        BranchSet::Police => (POLICE, "Đội Nghiệp vụ"),
        BranchSet::Military => (MILITARY, "Trung đội"),
        BranchSet::Commune | BranchSet::Ward => (&[], "ấp"),
    }
}

/// Provincial agencies of the "Khối các cơ quan tỉnh": name, sector, member range, branches.
/// The first two are placed first.
const PROVINCIAL_AGENCIES: &[(&str, Sector, usize, usize, BranchSet)] = &[
    (
        "Bệnh viện Đa khoa tỉnh",
        Sector::Health,
        450,
        1300,
        BranchSet::Hospital,
    ),
    (
        "Sở Giáo dục và Đào tạo",
        Sector::Agency,
        40,
        160,
        BranchSet::Departments,
    ),
    ("Sở Nội vụ", Sector::Agency, 25, 110, BranchSet::Departments),
    (
        "Sở Tài chính",
        Sector::Agency,
        25,
        110,
        BranchSet::Departments,
    ),
    (
        "Sở Kế hoạch và Đầu tư",
        Sector::Agency,
        20,
        90,
        BranchSet::Departments,
    ),
    ("Sở Tư pháp", Sector::Agency, 20, 90, BranchSet::Departments),
    (
        "Sở Tài nguyên và Môi trường",
        Sector::Agency,
        40,
        180,
        BranchSet::Departments,
    ),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        Sector::Agency,
        60,
        300,
        BranchSet::Departments,
    ),
    ("Sở Y tế", Sector::Agency, 30, 140, BranchSet::Departments),
    (
        "Sở Xây dựng",
        Sector::Agency,
        20,
        100,
        BranchSet::Departments,
    ),
    (
        "Sở Giao thông vận tải",
        Sector::Agency,
        30,
        140,
        BranchSet::Departments,
    ),
    (
        "Sở Công Thương",
        Sector::Agency,
        25,
        120,
        BranchSet::Departments,
    ),
    (
        "Sở Khoa học và Công nghệ",
        Sector::Agency,
        15,
        70,
        BranchSet::Departments,
    ),
    (
        "Sở Thông tin và Truyền thông",
        Sector::Agency,
        15,
        70,
        BranchSet::Departments,
    ),
    (
        "Sở Lao động – Thương binh và Xã hội",
        Sector::Agency,
        30,
        150,
        BranchSet::Departments,
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        Sector::Agency,
        30,
        150,
        BranchSet::Departments,
    ),
    ("Sở Ngoại vụ", Sector::Agency, 9, 25, BranchSet::Departments),
    (
        "Thanh tra tỉnh",
        Sector::Agency,
        15,
        45,
        BranchSet::Departments,
    ),
    (
        "Văn phòng Ủy ban nhân dân tỉnh",
        Sector::Agency,
        30,
        110,
        BranchSet::Departments,
    ),
    (
        "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        Sector::Agency,
        15,
        50,
        BranchSet::Departments,
    ),
    (
        "Ban Dân tộc tỉnh",
        Sector::Agency,
        9,
        30,
        BranchSet::Departments,
    ),
    (
        "Ban Quản lý Khu kinh tế tỉnh",
        Sector::Agency,
        15,
        60,
        BranchSet::Departments,
    ),
    (
        "Kho bạc Nhà nước tỉnh",
        Sector::Agency,
        40,
        160,
        BranchSet::Departments,
    ),
    (
        "Cục Thuế tỉnh",
        Sector::Agency,
        80,
        450,
        BranchSet::Departments,
    ),
    (
        "Cục Thống kê tỉnh",
        Sector::Agency,
        20,
        90,
        BranchSet::Departments,
    ),
    (
        "Cục Hải quan tỉnh",
        Sector::Agency,
        20,
        110,
        BranchSet::Departments,
    ),
    (
        "Cục Thi hành án dân sự tỉnh",
        Sector::Agency,
        30,
        140,
        BranchSet::Departments,
    ),
    (
        "Bảo hiểm xã hội tỉnh",
        Sector::Agency,
        40,
        180,
        BranchSet::Departments,
    ),
    (
        "Ngân hàng Nhà nước Chi nhánh tỉnh",
        Sector::Agency,
        15,
        50,
        BranchSet::Departments,
    ),
    (
        "Tòa án nhân dân tỉnh",
        Sector::Agency,
        30,
        140,
        BranchSet::Departments,
    ),
    (
        "Viện Kiểm sát nhân dân tỉnh",
        Sector::Agency,
        30,
        140,
        BranchSet::Departments,
    ),
    (
        "Đài Phát thanh và Truyền hình tỉnh",
        Sector::PublicService,
        25,
        110,
        BranchSet::Departments,
    ),
    (
        "Báo Tổng Hợp",
        Sector::PublicService,
        15,
        60,
        BranchSet::Departments,
    ),
    (
        "Trường Chính trị tỉnh",
        Sector::PublicService,
        15,
        60,
        BranchSet::Departments,
    ),
    (
        "Trường Đại học Tổng Hợp",
        Sector::University,
        120,
        700,
        BranchSet::University,
    ),
    (
        "Trường Cao đẳng Kinh tế – Kỹ thuật",
        Sector::University,
        30,
        150,
        BranchSet::University,
    ),
    (
        "Trường Cao đẳng Y tế",
        Sector::University,
        25,
        110,
        BranchSet::University,
    ),
    (
        "Trường Cao đẳng Sư phạm",
        Sector::University,
        25,
        110,
        BranchSet::University,
    ),
    (
        "Bệnh viện Sản – Nhi",
        Sector::Health,
        80,
        320,
        BranchSet::Hospital,
    ),
    (
        "Bệnh viện Y dược cổ truyền",
        Sector::Health,
        30,
        120,
        BranchSet::Hospital,
    ),
    (
        "Bệnh viện Lao và Bệnh phổi",
        Sector::Health,
        25,
        90,
        BranchSet::Hospital,
    ),
    (
        "Bệnh viện Tâm thần",
        Sector::Health,
        20,
        70,
        BranchSet::Hospital,
    ),
    (
        "Bệnh viện Ung bướu",
        Sector::Health,
        40,
        160,
        BranchSet::Hospital,
    ),
    (
        "Trung tâm Kiểm soát bệnh tật tỉnh",
        Sector::Health,
        30,
        120,
        BranchSet::Hospital,
    ),
    (
        "Trung tâm Pháp y",
        Sector::Health,
        9,
        25,
        BranchSet::Hospital,
    ),
    (
        "Liên đoàn Lao động tỉnh",
        Sector::Agency,
        15,
        60,
        BranchSet::Departments,
    ),
    (
        "Hội Nông dân tỉnh",
        Sector::Agency,
        12,
        40,
        BranchSet::Departments,
    ),
    (
        "Hội Liên hiệp Phụ nữ tỉnh",
        Sector::Agency,
        12,
        40,
        BranchSet::Departments,
    ),
    ("Tỉnh đoàn", Sector::Agency, 15, 50, BranchSet::Departments),
    (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        Sector::Agency,
        15,
        45,
        BranchSet::Departments,
    ),
    (
        "Hội Cựu chiến binh tỉnh",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Liên minh Hợp tác xã tỉnh",
        Sector::Agency,
        9,
        30,
        BranchSet::Departments,
    ),
    (
        "Hội Chữ thập đỏ tỉnh",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Văn phòng Tỉnh ủy",
        Sector::Agency,
        30,
        120,
        BranchSet::Departments,
    ),
    (
        "Ban Tổ chức Tỉnh ủy",
        Sector::Agency,
        15,
        40,
        BranchSet::Departments,
    ),
    (
        "Ban Tuyên giáo Tỉnh ủy",
        Sector::Agency,
        15,
        40,
        BranchSet::Departments,
    ),
    (
        "Ủy ban Kiểm tra Tỉnh ủy",
        Sector::Agency,
        15,
        40,
        BranchSet::Departments,
    ),
    (
        "Ban Dân vận Tỉnh ủy",
        Sector::Agency,
        12,
        35,
        BranchSet::Departments,
    ),
    (
        "Ban Nội chính Tỉnh ủy",
        Sector::Agency,
        12,
        35,
        BranchSet::Departments,
    ),
    (
        "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp",
        Sector::PublicService,
        15,
        70,
        BranchSet::Departments,
    ),
    (
        "Ban Quản lý dự án đầu tư xây dựng công trình giao thông",
        Sector::PublicService,
        15,
        70,
        BranchSet::Departments,
    ),
    (
        "Quỹ Đầu tư phát triển tỉnh",
        Sector::PublicService,
        9,
        30,
        BranchSet::Departments,
    ),
    (
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
        Sector::PublicService,
        9,
        30,
        BranchSet::Departments,
    ),
    (
        "Chi cục Kiểm lâm",
        Sector::Agency,
        40,
        200,
        BranchSet::Departments,
    ),
    (
        "Chi cục Thủy sản",
        Sector::Agency,
        15,
        70,
        BranchSet::Departments,
    ),
    (
        "Trung tâm Phục vụ hành chính công tỉnh",
        Sector::PublicService,
        9,
        35,
        BranchSet::Departments,
    ),
    (
        "Nhà Thiếu nhi tỉnh",
        Sector::PublicService,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Thư viện tỉnh",
        Sector::PublicService,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Bảo tàng tỉnh",
        Sector::PublicService,
        9,
        25,
        BranchSet::Departments,
    ),
];

const COMPANIES: &[(&str, Sector, usize, usize, BranchSet)] = &[
    (
        "Công ty Điện lực Tổng Hợp",
        Sector::Enterprise,
        250,
        900,
        BranchSet::Company,
    ),
    (
        "Viễn thông Tổng Hợp",
        Sector::Enterprise,
        60,
        250,
        BranchSet::Company,
    ),
    (
        "Bưu điện tỉnh",
        Sector::Enterprise,
        40,
        180,
        BranchSet::Company,
    ),
    (
        "Ngân hàng Nông nghiệp và Phát triển Nông thôn Chi nhánh tỉnh",
        Sector::Enterprise,
        80,
        400,
        BranchSet::Bank,
    ),
    (
        "Ngân hàng TMCP Công Thương Việt Nam – Chi nhánh tỉnh",
        Sector::Enterprise,
        20,
        80,
        BranchSet::Bank,
    ),
    (
        "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam – Chi nhánh tỉnh",
        Sector::Enterprise,
        20,
        80,
        BranchSet::Bank,
    ),
    (
        "Ngân hàng TMCP Ngoại thương Việt Nam – Chi nhánh tỉnh",
        Sector::Enterprise,
        15,
        60,
        BranchSet::Bank,
    ),
    (
        "Ngân hàng Chính sách xã hội Chi nhánh tỉnh",
        Sector::Enterprise,
        40,
        160,
        BranchSet::Bank,
    ),
    (
        "Công ty Cổ phần Cấp thoát nước",
        Sector::Enterprise,
        30,
        140,
        BranchSet::Company,
    ),
    (
        "Công ty TNHH MTV Xổ số kiến thiết",
        Sector::Enterprise,
        20,
        70,
        BranchSet::Company,
    ),
    (
        "Công ty TNHH MTV Khai thác công trình thủy lợi",
        Sector::Enterprise,
        20,
        90,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Xi măng",
        Sector::Enterprise,
        30,
        160,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Dược phẩm",
        Sector::Enterprise,
        15,
        60,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Môi trường đô thị",
        Sector::Enterprise,
        15,
        70,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Bến xe",
        Sector::Enterprise,
        9,
        30,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Thủy sản",
        Sector::Enterprise,
        15,
        80,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Du lịch",
        Sector::Enterprise,
        9,
        40,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần In và Phát hành sách",
        Sector::Enterprise,
        9,
        30,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Xây dựng số 1",
        Sector::Enterprise,
        15,
        70,
        BranchSet::Company,
    ),
    (
        "Công ty TNHH MTV Lâm nghiệp",
        Sector::Enterprise,
        15,
        60,
        BranchSet::Company,
    ),
    (
        "Công ty Xăng dầu tỉnh",
        Sector::Enterprise,
        20,
        90,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Lương thực",
        Sector::Enterprise,
        15,
        70,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Vận tải thủy",
        Sector::Enterprise,
        9,
        40,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Cảng biển",
        Sector::Enterprise,
        15,
        70,
        BranchSet::Company,
    ),
    (
        "Công ty Cổ phần Phát triển nhà",
        Sector::Enterprise,
        9,
        40,
        BranchSet::Company,
    ),
    (
        "Công ty Bảo Việt tỉnh",
        Sector::Enterprise,
        9,
        30,
        BranchSet::Company,
    ),
];

const POLICE_UNITS: &[(&str, Sector, usize, usize, BranchSet)] = &[
    (
        "Cơ quan Công an tỉnh",
        Sector::Police,
        300,
        900,
        BranchSet::Police,
    ),
    ("Phòng Tham mưu", Sector::Police, 40, 120, BranchSet::Police),
    (
        "Phòng Cảnh sát giao thông",
        Sector::Police,
        60,
        250,
        BranchSet::Police,
    ),
    (
        "Phòng Cảnh sát hình sự",
        Sector::Police,
        40,
        150,
        BranchSet::Police,
    ),
    (
        "Phòng Cảnh sát kinh tế",
        Sector::Police,
        30,
        100,
        BranchSet::Police,
    ),
    (
        "Phòng Cảnh sát điều tra tội phạm về ma túy",
        Sector::Police,
        30,
        100,
        BranchSet::Police,
    ),
    (
        "Phòng An ninh chính trị nội bộ",
        Sector::Police,
        20,
        70,
        BranchSet::Police,
    ),
    (
        "Phòng An ninh kinh tế",
        Sector::Police,
        20,
        70,
        BranchSet::Police,
    ),
    (
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        Sector::Police,
        30,
        110,
        BranchSet::Police,
    ),
    (
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        Sector::Police,
        50,
        220,
        BranchSet::Police,
    ),
    (
        "Phòng Cảnh sát cơ động",
        Sector::Police,
        40,
        180,
        BranchSet::Police,
    ),
    ("Phòng Hậu cần", Sector::Police, 25, 90, BranchSet::Police),
    (
        "Phòng Tổ chức cán bộ",
        Sector::Police,
        15,
        45,
        BranchSet::Police,
    ),
    (
        "Phòng Kỹ thuật hình sự",
        Sector::Police,
        15,
        50,
        BranchSet::Police,
    ),
    ("Trại Tạm giam", Sector::Police, 30, 110, BranchSet::Police),
    (
        "Phòng Quản lý xuất nhập cảnh",
        Sector::Police,
        15,
        45,
        BranchSet::Police,
    ),
    (
        "Phòng Cảnh sát điều tra tội phạm về trật tự xã hội",
        Sector::Police,
        30,
        100,
        BranchSet::Police,
    ),
    (
        "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        Sector::Police,
        15,
        40,
        BranchSet::Police,
    ),
    (
        "Cơ quan Cảnh sát điều tra",
        Sector::Police,
        20,
        80,
        BranchSet::Police,
    ),
    ("Phòng Hồ sơ", Sector::Police, 12, 35, BranchSet::Police),
];

const MILITARY_UNITS: &[(&str, Sector, usize, usize, BranchSet)] = &[
    (
        "Cơ quan Bộ Chỉ huy Quân sự tỉnh",
        Sector::Military,
        150,
        500,
        BranchSet::Military,
    ),
    (
        "Trung đoàn Bộ binh 893",
        Sector::Military,
        100,
        350,
        BranchSet::Military,
    ),
    (
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        Sector::Military,
        150,
        600,
        BranchSet::Military,
    ),
    (
        "Trường Quân sự tỉnh",
        Sector::Military,
        20,
        70,
        BranchSet::Military,
    ),
    (
        "Tiểu đoàn Huấn luyện – Cơ động",
        Sector::Military,
        20,
        90,
        BranchSet::Military,
    ),
    (
        "Đại đội Trinh sát",
        Sector::Military,
        9,
        30,
        BranchSet::Military,
    ),
    (
        "Đại đội Công binh",
        Sector::Military,
        9,
        30,
        BranchSet::Military,
    ),
    (
        "Ban Chỉ huy Quân sự Cơ quan tỉnh",
        Sector::Military,
        9,
        30,
        BranchSet::Military,
    ),
    (
        "Hải đội Dân quân thường trực",
        Sector::Military,
        9,
        30,
        BranchSet::Military,
    ),
    (
        "Kho Vũ khí – Đạn dược",
        Sector::Military,
        9,
        25,
        BranchSet::Military,
    ),
];

/// The district's own units (suffixed with "huyện X"); the first three come first.
const DISTRICT_AGENCIES: &[(&str, Sector, usize, usize, BranchSet)] = &[
    (
        "Cơ quan Chính quyền",
        Sector::Agency,
        45,
        180,
        BranchSet::Departments,
    ),
    (
        "Trung tâm Y tế",
        Sector::Health,
        60,
        260,
        BranchSet::Hospital,
    ),
    (
        "Cơ quan Đảng – Đoàn thể",
        Sector::Agency,
        35,
        120,
        BranchSet::Departments,
    ),
    (
        "Chi cục Thuế",
        Sector::Agency,
        12,
        40,
        BranchSet::Departments,
    ),
    (
        "Kho bạc Nhà nước",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Chi cục Thống kê",
        Sector::Agency,
        9,
        20,
        BranchSet::Departments,
    ),
    (
        "Tòa án nhân dân",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Viện Kiểm sát nhân dân",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Chi cục Thi hành án dân sự",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Bảo hiểm xã hội",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Phòng Giao dịch Ngân hàng Chính sách xã hội",
        Sector::Enterprise,
        9,
        20,
        BranchSet::Departments,
    ),
    ("Điện lực", Sector::Enterprise, 12, 45, BranchSet::Company),
    (
        "Trung tâm Văn hóa, Thông tin và Thể thao",
        Sector::PublicService,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Ban Quản lý dự án đầu tư xây dựng",
        Sector::PublicService,
        9,
        25,
        BranchSet::Departments,
    ),
    (
        "Hạt Kiểm lâm",
        Sector::Agency,
        9,
        25,
        BranchSet::Departments,
    ),
];

const DEPARTMENTS: &[Group] = &[
    (
        "Khối Văn phòng",
        &[
            "Văn phòng",
            "Thanh tra",
            "Phòng Kế hoạch – Tài chính",
            "Phòng Tổ chức cán bộ",
            "Phòng Pháp chế",
            "Phòng Tổng hợp",
            "Phòng Quản lý chuyên ngành",
            "Phòng Kiểm tra",
            "Phòng Hành chính – Quản trị",
            "Phòng Công nghệ thông tin",
            "Phòng Nghiệp vụ – Tổng hợp",
            "Phòng Thống kê – Dữ liệu",
        ],
    ),
    (
        "Khối Đơn vị sự nghiệp",
        &[
            "Trung tâm Dịch vụ",
            "Trung tâm Thông tin",
            "Ban Quản lý dự án",
            "Chi cục Quản lý",
            "Trung tâm Tư vấn",
            "Trung tâm Đào tạo – Bồi dưỡng",
            "Trung tâm Kỹ thuật",
            "Trung tâm Lưu trữ",
        ],
    ),
];

const HOSPITAL: &[Group] = &[
    (
        "Khối Hành chính",
        &[
            "Ban Giám đốc",
            "Phòng Kế hoạch – Tổng hợp",
            "Phòng Tổ chức – Hành chính",
            "Phòng Tài chính – Kế toán",
            "Phòng Điều dưỡng",
            "Phòng Quản lý chất lượng",
            "Phòng Vật tư – Thiết bị y tế",
            "Phòng Công tác xã hội",
        ],
    ),
    (
        "Khối Nội",
        &[
            "Khoa Khám bệnh",
            "Khoa Cấp cứu",
            "Khoa Hồi sức tích cực – Chống độc",
            "Khoa Nội tổng hợp",
            "Khoa Nội Tim mạch",
            "Khoa Nội Thần kinh",
            "Khoa Truyền nhiễm",
            "Khoa Y học cổ truyền",
            "Khoa Phục hồi chức năng",
            "Khoa Thận nhân tạo",
        ],
    ),
    (
        "Khối Ngoại",
        &[
            "Khoa Ngoại tổng hợp",
            "Khoa Ngoại Chấn thương chỉnh hình",
            "Khoa Ngoại Thần kinh",
            "Khoa Gây mê hồi sức",
            "Khoa Tai Mũi Họng",
            "Khoa Răng Hàm Mặt",
            "Khoa Mắt",
            "Khoa Ung bướu",
        ],
    ),
    (
        "Khối Cận lâm sàng",
        &[
            "Khoa Chẩn đoán hình ảnh",
            "Khoa Xét nghiệm",
            "Khoa Dược",
            "Khoa Dinh dưỡng",
            "Khoa Kiểm soát nhiễm khuẩn",
            "Khoa Giải phẫu bệnh",
            "Khoa Huyết học – Truyền máu",
        ],
    ),
    (
        "Khối Sản – Nhi",
        &[
            "Khoa Phụ sản",
            "Khoa Nhi",
            "Khoa Sơ sinh",
            "Khoa Hồi sức Nhi",
        ],
    ),
];

const SCHOOL: &[Group] = &[(
    "Khối Giảng dạy",
    &[
        "Ban Giám hiệu",
        "Tổ Toán – Tin",
        "Tổ Ngữ văn",
        "Tổ Ngoại ngữ",
        "Tổ Vật lý – Công nghệ",
        "Tổ Hóa – Sinh",
        "Tổ Lịch sử – Địa lý",
        "Tổ Văn phòng",
        "Tổ Thể dục – Quốc phòng",
    ],
)];

const UNIVERSITY: &[Group] = &[
    (
        "Khối Phòng ban",
        &[
            "Ban Giám hiệu",
            "Phòng Đào tạo",
            "Phòng Tổ chức – Hành chính",
            "Phòng Kế hoạch – Tài chính",
            "Phòng Công tác sinh viên",
            "Phòng Khảo thí và Bảo đảm chất lượng",
            "Trung tâm Thông tin – Thư viện",
        ],
    ),
    (
        "Khối Đào tạo",
        &[
            "Khoa Sư phạm",
            "Khoa Kinh tế",
            "Khoa Kỹ thuật – Công nghệ",
            "Khoa Nông nghiệp",
            "Khoa Ngoại ngữ",
            "Khoa Lý luận chính trị",
            "Khoa Y – Dược",
            "Khoa Luật",
            "Khoa Du lịch",
        ],
    ),
    (
        "Khối Nghiên cứu",
        &[
            "Viện Nghiên cứu phát triển",
            "Trung tâm Ngoại ngữ – Tin học",
            "Trung tâm Nghiên cứu Biển",
            "Trung tâm Chuyển giao công nghệ",
        ],
    ),
];

const COMPANY: &[Group] = &[
    (
        "Khối Văn phòng",
        &[
            "Ban Giám đốc",
            "Phòng Tổ chức – Hành chính",
            "Phòng Kế hoạch – Vật tư",
            "Phòng Tài chính – Kế toán",
            "Phòng Kỹ thuật",
            "Phòng Kinh doanh",
            "Phòng An toàn",
        ],
    ),
    (
        "Khối Sản xuất",
        &[
            "Phân xưởng Sản xuất",
            "Phân xưởng Cơ điện",
            "Đội Quản lý vận hành",
            "Đội Thi công",
            "Trung tâm Chăm sóc khách hàng",
            "Đội Sửa chữa – Bảo trì",
        ],
    ),
    ("Khối Đơn vị trực thuộc", &[]),
];

const BANK: &[Group] = &[(
    "Khối Hội sở",
    &[
        "Ban Giám đốc",
        "Phòng Kế hoạch – Kinh doanh",
        "Phòng Kế toán – Ngân quỹ",
        "Phòng Tổng hợp",
        "Phòng Kiểm tra – Kiểm soát nội bộ",
        "Phòng Khách hàng doanh nghiệp",
        "Phòng Khách hàng cá nhân",
    ],
)];

const POLICE: &[Group] = &[
    (
        "Khối Tham mưu",
        &[
            "Đội Tổng hợp",
            "Đội Tham mưu",
            "Đội Thông tin",
            "Đội Pháp chế",
            "Đội Thi đua – Khen thưởng",
        ],
    ),
    (
        "Khối An ninh",
        &[
            "Đội An ninh",
            "Đội An ninh mạng",
            "Đội Bảo vệ chính trị nội bộ",
            "Đội Điều tra an ninh",
        ],
    ),
    (
        "Khối Cảnh sát",
        &[
            "Đội Cảnh sát trật tự",
            "Đội Cảnh sát hình sự",
            "Đội Tuần tra kiểm soát",
            "Đội Điều tra tổng hợp",
            "Đội Cảnh sát kinh tế",
            "Đội Cảnh sát ma túy",
        ],
    ),
    (
        "Khối Hậu cần – Kỹ thuật",
        &[
            "Đội Hậu cần",
            "Đội Kỹ thuật",
            "Đội Quản lý kho",
            "Đội Y tế",
            "Đội Doanh trại",
        ],
    ),
];

const MILITARY: &[Group] = &[
    (
        "Cơ quan Tham mưu",
        &[
            "Ban Tác chiến",
            "Ban Quân lực",
            "Ban Quân huấn",
            "Ban Thông tin",
            "Ban Trinh sát",
        ],
    ),
    (
        "Cơ quan Chính trị",
        &[
            "Ban Tổ chức",
            "Ban Cán bộ",
            "Ban Tuyên huấn",
            "Ban Dân vận",
            "Ban Bảo vệ an ninh",
        ],
    ),
    (
        "Cơ quan Hậu cần – Kỹ thuật",
        &[
            "Ban Quân nhu",
            "Ban Quân y",
            "Ban Doanh trại",
            "Ban Xe máy",
            "Ban Quân khí",
        ],
    ),
    (
        "Tiểu đoàn 1",
        &["Đại đội 1", "Đại đội 2", "Đại đội 3", "Đại đội Hỏa lực"],
    ),
    (
        "Tiểu đoàn 2",
        &["Đại đội 5", "Đại đội 6", "Đại đội 7", "Đại đội Thông tin"],
    ),
];

/// Districts and towns of the delta; a province uses a shuffled few.
const DISTRICTS: &[&str] = &[
    "Châu Thành",
    "Tân Hiệp",
    "Giồng Riềng",
    "Gò Quao",
    "An Biên",
    "An Minh",
    "Hòn Đất",
    "Kiên Lương",
    "Vĩnh Thuận",
    "U Minh Thượng",
    "Giang Thành",
    "Phú Tân",
    "Thoại Sơn",
    "Tri Tôn",
    "Tịnh Biên",
    "Chợ Mới",
    "Long Phú",
    "Mỹ Tú",
    "Thạnh Trị",
    "Cù Lao Dung",
    "Trần Đề",
    "Vĩnh Lợi",
    "Hồng Dân",
    "Phước Long",
    "Đầm Dơi",
    "Cái Nước",
    "Trần Văn Thời",
    "Năm Căn",
    "Thới Bình",
    "Tam Bình",
    "Trà Ôn",
    "Cầu Kè",
    "Tiểu Cần",
    "Càng Long",
];

const PLACE_FIRST: &[&str] = &[
    "Bình",
    "Tân",
    "Vĩnh",
    "Mỹ",
    "Long",
    "Phú",
    "Thạnh",
    "An",
    "Hòa",
    "Đông",
    "Tây",
    "Minh",
    "Thới",
    "Hưng",
    "Phước",
    "Thuận",
    "Định",
    "Khánh",
    "Lợi",
    "Nhơn",
    "Trường",
    "Ngọc",
];

const PLACE_SECOND: &[&str] = &[
    "An", "Hòa", "Lợi", "Thạnh", "Hưng", "Phú", "Thuận", "Đông", "Tây", "Sơn", "Điền", "Khánh",
    "Hiệp", "Lộc", "Mỹ", "Bình", "Thành", "Phước", "Hội", "Quới", "Trung", "Yên",
];

/// People and events schools are named after.
const NAMESAKES: &[&str] = &[
    "Nguyễn Trung Trực",
    "Nguyễn Du",
    "Lê Quý Đôn",
    "Trần Hưng Đạo",
    "Nguyễn Hùng Sơn",
    "Huỳnh Mẫn Đạt",
    "Phan Bội Châu",
    "Chu Văn An",
    "Nguyễn Bỉnh Khiêm",
    "Lê Lợi",
    "Quang Trung",
    "Võ Thị Sáu",
    "Nguyễn Văn Trỗi",
    "Nguyễn Thị Minh Khai",
    "Lý Tự Trọng",
    "Trần Phú",
    "Hùng Vương",
    "Ngô Quyền",
    "Lê Hồng Phong",
    "Phan Chu Trinh",
    "Nguyễn Đình Chiểu",
    "Trương Vĩnh Ký",
    "Mạc Đĩnh Chi",
    "Võ Văn Kiệt",
    "Phan Thị Ràng",
    "Nguyễn Trãi",
    "Tô Hiến Thành",
    "Lương Thế Vinh",
    "Đoàn Thị Điểm",
    "Bùi Thị Xuân",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Nguyễn Khuyến",
    "Trần Quốc Toản",
    "Võ Trường Toản",
    "Phan Đình Phùng",
    "Nguyễn Thái Học",
    "Lê Thánh Tông",
    "Trần Đại Nghĩa",
    "Mạc Cửu",
    "Mạc Thiên Tích",
    "Nguyễn Việt Hồng",
    "Huỳnh Thúc Kháng",
    "Đinh Tiên Hoàng",
    "Kim Đồng",
    "Trần Văn Ơn",
];

const KINDERGARTEN_NAMES: &[&str] = &[
    "Hoa Sen",
    "Hoa Mai",
    "Hướng Dương",
    "Sơn Ca",
    "Họa Mi",
    "Vành Khuyên",
    "Tuổi Thơ",
    "Măng Non",
    "Bông Sen",
    "Hoa Hồng",
    "Sao Mai",
    "Rạng Đông",
    "Ánh Dương",
    "Hoa Phượng",
];
