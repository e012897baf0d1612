//! The organization tree of the synthetic province: blocks, grassroots units, partial
//! committees, branches and cells, each with a code, a name, a kind and a member budget.

use chrono::NaiveDate;
use domain::register::org::{OrgCode, OrgKind};
use fastrand::Rng;

use crate::SynthOrg;
use crate::catalog::{self, BlockCatalog, BranchNamer, Sector, Unit};
use crate::dist::{add_days, chance, split};

/// Members per organization the province aims at (about 2,000 organizations for 60,000).
const MEMBERS_PER_BLOCK: f64 = 3_400.0;
/// Bounds on a branch (chi bộ trực thuộc) and a grassroots branch (chi bộ cơ sở).
pub(crate) const BRANCH_SIZE: (usize, usize) = (5, 60);
pub(crate) const GRASSROOTS_BRANCH_SIZE: (usize, usize) = (9, 40);
/// A committee above this many members gets partial committees (10 branches of 60 at most).
const PARTIAL_ABOVE: usize = 600;

/// The tree and what the people generator needs to know about each organization.
pub(crate) struct Tree {
    pub orgs: Vec<SynthOrg>,
    pub info: Vec<OrgInfo>,
    /// One entry per member seat: the index of a member-holding organization, grouped by block.
    pub seats: Vec<usize>,
    /// The range of `seats` of each block, by block number.
    pub block_seats: Vec<std::ops::Range<usize>>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct OrgInfo {
    pub sector: Sector,
    /// Members the organization holds directly (non-zero only for leaves).
    pub seats: usize,
    /// The block number (index into `Tree::block_seats`), or `usize::MAX` for the root.
    pub block: usize,
}

/// Builds the tree for `members` members; `prefix` is a sanitized code prefix.
pub(crate) fn build(rng: &mut Rng, members: usize, as_of: NaiveDate, prefix: &str) -> Tree {
    let mut b = Builder {
        rng,
        tree: Tree {
            orgs: Vec::new(),
            info: Vec::new(),
            seats: Vec::new(),
            block_seats: Vec::new(),
        },
        as_of,
    };
    // The root: a draft date about half a century back, pulled earlier later if members were
    // admitted before it.
    let root_since = crate::dist::add_months(as_of, -12 * 49);
    let root = b.push(
        None,
        prefix.to_string(),
        "Đảng bộ tỉnh Tổng Hợp".to_string(),
        OrgKind::Province,
        Sector::Agency,
        0,
    );
    b.tree.orgs[root].since = root_since;

    let n_blocks = if members == 0 {
        0
    } else {
        let jitter = 0.88 + 0.24 * b.rng.f64();
        ((members as f64 / MEMBERS_PER_BLOCK * jitter).round() as usize).clamp(1, 20)
    };
    let types = catalog::blocks(b.rng, n_blocks);
    let weights: Vec<f64> = types.iter().map(|t| t.weight(b.rng)).collect();
    let budgets = apportion(members, &weights);
    for (i, (ty, budget)) in types.into_iter().zip(budgets).enumerate() {
        let code = format!("{prefix}-B{:02}", i + 1);
        let block = b.push(
            Some(root),
            code.clone(),
            ty.name(),
            OrgKind::Block,
            Sector::Agency,
            0,
        );
        b.tree.info[block].block = i;
        let start = b.tree.seats.len();
        let mut catalog = BlockCatalog::new(b.rng, ty, budget);
        let mut remaining = budget;
        let mut n = 0;
        while remaining > 0 {
            n += 1;
            let unit = catalog.next_unit(b.rng);
            let mut size = unit.size.clamp(1, remaining);
            // Never leave a remainder too small to make a grassroots branch of.
            if remaining - size < GRASSROOTS_BRANCH_SIZE.0 {
                size = remaining;
            }
            remaining -= size;
            b.grassroots(block, &format!("{code}-C{n:03}"), &unit, size);
        }
        b.tree.block_seats.push(start..b.tree.seats.len());
    }
    b.tree
}

/// Splits `total` in proportion to `weights` (largest remainder), exactly.
pub(crate) fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let short = total.saturating_sub(out.iter().sum());
    for &i in order.iter().cycle().take(short) {
        out[i] += 1;
    }
    out
}

struct Builder<'a> {
    rng: &'a mut Rng,
    tree: Tree,
    as_of: NaiveDate,
}

impl Builder<'_> {
    /// Adds an organization with a draft `since` a few years after its parent's.
    fn push(
        &mut self,
        parent: Option<usize>,
        code: String,
        name: String,
        kind: OrgKind,
        sector: Sector,
        seats: usize,
    ) -> usize {
        let (since, block) = match parent {
            Some(p) => {
                let spread = match kind {
                    OrgKind::Block => 15 * 365,
                    OrgKind::GrassrootsCommittee | OrgKind::GrassrootsBranch => 10 * 365,
                    _ => 5 * 365,
                };
                let d = add_days(self.tree.orgs[p].since, self.rng.i64(0..=spread));
                (d.min(self.as_of), self.tree.info[p].block)
            }
            None => (self.as_of, usize::MAX),
        };
        // Cannot fail: the prefix is sanitized to at most 10 characters of [A-Z0-9-] with no
        // '-' at either end, and the suffixes ("-B01-C001-P1-B10-T3") are upper-case letters,
        // digits and '-', 32 characters in all at most. The tests parse every code.
        let code = OrgCode::parse(&code).expect("generated codes are valid");
        self.tree.orgs.push(SynthOrg {
            code,
            name,
            kind,
            parent,
            since,
        });
        self.tree.info.push(OrgInfo {
            sector,
            seats,
            block,
        });
        let idx = self.tree.orgs.len() - 1;
        self.tree.seats.extend(std::iter::repeat_n(idx, seats));
        idx
    }

    /// Adds one grassroots unit of `size` members under `block`.
    fn grassroots(&mut self, block: usize, code: &str, unit: &Unit, size: usize) {
        if size <= GRASSROOTS_BRANCH_SIZE.1 {
            let g = self.push(
                Some(block),
                code.to_string(),
                format!("Chi bộ {}", unit.base),
                OrgKind::GrassrootsBranch,
                unit.sector,
                0,
            );
            self.leaf_or_cells(g, code, unit.sector, size);
            return;
        }
        let g = self.push(
            Some(block),
            code.to_string(),
            format!("Đảng bộ {}", unit.base),
            OrgKind::GrassrootsCommittee,
            unit.sector,
            0,
        );
        let mut names = BranchNamer::new(self.rng, unit);
        let partial = size > PARTIAL_ABOVE
            || (size >= 400 && names.likes_partials() && chance(self.rng, 0.3));
        if partial {
            let min_parts = size.div_ceil(PARTIAL_ABOVE).clamp(2, 10);
            let parts = (size / self.rng.usize(200..=380)).clamp(min_parts, 10);
            for (i, s) in split(self.rng, size, parts, 45, PARTIAL_ABOVE)
                .into_iter()
                .enumerate()
            {
                let pcode = format!("{code}-P{}", i + 1);
                let (name, mut sub) = names.partial(self.rng);
                let name = format!("Đảng bộ bộ phận {name}");
                let p = self.push(
                    Some(g),
                    pcode.clone(),
                    name,
                    OrgKind::PartialCommittee,
                    unit.sector,
                    0,
                );
                self.branches(p, &pcode, &mut sub, s);
            }
        } else {
            self.branches(g, code, &mut names, size);
        }
    }

    /// Adds 3–10 branches holding `size` members under a committee.
    fn branches(&mut self, parent: usize, code: &str, names: &mut BranchNamer, size: usize) {
        let (lo, hi) = BRANCH_SIZE;
        let target = self.rng.usize(28..=52);
        let min_k = size.div_ceil(hi).clamp(3, 10);
        let max_k = (size / lo).clamp(min_k, 10);
        let k = (size / target).clamp(min_k, max_k);
        for (i, s) in split(self.rng, size, k, lo, hi).into_iter().enumerate() {
            let bcode = format!("{code}-B{}", i + 1);
            let (name, sector) = names.branch();
            let b = self.push(
                Some(parent),
                bcode.clone(),
                format!("Chi bộ {name}"),
                OrgKind::Branch,
                sector,
                0,
            );
            self.leaf_or_cells(b, &bcode, sector, s);
        }
    }

    /// Gives a branch its members directly, or, for some large branches, through 2–3 cells.
    fn leaf_or_cells(&mut self, org: usize, code: &str, sector: Sector, size: usize) {
        if size >= 40 && chance(self.rng, 0.04) {
            let k = 2 + usize::from(size >= 45 && chance(self.rng, 0.5));
            for (i, s) in split(self.rng, size, k, 5, size).into_iter().enumerate() {
                let name = format!("Tổ đảng số {}", i + 1);
                self.push(
                    Some(org),
                    format!("{code}-T{}", i + 1),
                    name,
                    OrgKind::Cell,
                    sector,
                    s,
                );
            }
        } else {
            self.tree.info[org].seats = size;
            self.tree.seats.extend(std::iter::repeat_n(org, size));
        }
    }
}
