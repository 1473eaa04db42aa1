//! The org chart at a date: the roles that exist then, each under the role
//! it reports to when that line holds, as a forest.

use crate::model::RoleIx;
use crate::model::date::Span;

use super::parallel::{in_parallel, threads_for};
use super::{Csr, Index};

/// Charts of at least this many roles are built on several threads.
pub(super) const PARALLEL_FROM: usize = 50_000;
/// At most this many.
const MAX_THREADS: usize = 4;

/// The forest of roles at one date. Roots come in org order (file order of
/// their orgs), then file order; children in file order.
#[derive(Clone, Debug)]
pub struct OrgChart {
    /// The date the chart shows.
    pub at: Span,
    roots: Vec<RoleIx>,
    children: Csr<RoleIx>,
    /// Each role's superior in this chart (`None` for roots and roles not shown).
    parent: Vec<Option<RoleIx>>,
    /// By role: whether its org differs from its superior's (see [`ChartRow::crosses_org`]),
    /// kept so that walking the chart does not read every role of the dataset again.
    crosses_org: Vec<bool>,
    shown: Vec<bool>,
    count: usize,
}

/// One line of a chart walked depth-first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartRow {
    /// 0 for roots.
    pub depth: u32,
    /// The role on this line.
    pub role: RoleIx,
    /// True when the role's org differs from its superior's: where the tree
    /// crosses into another org (and for roots).
    pub crosses_org: bool,
}

impl OrgChart {
    pub(super) fn build(index: &Index, at: Span) -> OrgChart {
        let threads = threads_for(index.dataset().roles.len(), PARALLEL_FROM, MAX_THREADS);
        OrgChart::build_on(index, at, threads)
    }

    /// [`OrgChart::build`] with the loops over every role split over
    /// `threads` threads.
    pub(super) fn build_on(index: &Index, at: Span, threads: usize) -> OrgChart {
        let ds = index.dataset();
        let n = ds.roles.len();
        let chunk = n.div_ceil(threads.max(1)).max(1);
        let mut shown = vec![false; n];
        let parts = shown.chunks_mut(chunk).enumerate().collect();
        in_parallel(parts, |(k, part): (usize, &mut [bool])| {
            for (i, s) in part.iter_mut().enumerate() {
                *s = index.role_exists(RoleIx::from_ix(k * chunk + i), at);
            }
        });
        let mut parent = vec![None; n];
        let mut crosses_org = vec![true; n];
        let parts = parent.chunks_mut(chunk).zip(crosses_org.chunks_mut(chunk)).enumerate().collect();
        let shown_ref = &shown;
        in_parallel(parts, |(k, (parent, crosses)): (usize, (&mut [Option<RoleIx>], &mut [bool]))| {
            for (i, (p, c)) in parent.iter_mut().zip(crosses.iter_mut()).enumerate() {
                let role = k * chunk + i;
                if shown_ref[role] {
                    *p = index.superior_where(RoleIx::from_ix(role), at, |up| shown_ref[up.ix()]);
                }
                // Where the tree crosses into another org (and for roots).
                *c = p.is_none_or(|p| ds.roles[p.ix()].org != ds.roles[role].org);
            }
        });
        let mut roots: Vec<RoleIx> = (0..n).filter(|&i| shown[i] && parent[i].is_none()).map(RoleIx::from_ix).collect();
        roots.sort_by_key(|r| (ds.role(*r).org, *r));
        let children =
            Csr::build(n, parent.iter().enumerate().filter_map(|(i, p)| Some((p.as_ref()?.0, RoleIx::from_ix(i)))));
        let count = shown.iter().filter(|s| **s).count();
        OrgChart { at, roots, children, parent, crosses_org, shown, count }
    }

    /// The roles at the top: heads of their own trees.
    pub fn roots(&self) -> &[RoleIx] {
        &self.roots
    }

    /// The roles under `role` in this chart.
    pub fn children(&self, role: RoleIx) -> &[RoleIx] {
        self.children.get(role.0)
    }

    /// The superior of `role` in this chart.
    pub fn parent(&self, role: RoleIx) -> Option<RoleIx> {
        self.parent.get(role.ix()).copied().flatten()
    }

    /// Whether `role`'s org differs from its superior's in this chart (true
    /// for the top roles).
    pub fn crosses_org(&self, role: RoleIx) -> bool {
        self.crosses_org.get(role.ix()).copied().unwrap_or(true)
    }

    /// Whether `role` is in this chart.
    pub fn contains(&self, role: RoleIx) -> bool {
        self.shown.get(role.ix()).copied().unwrap_or(false)
    }

    /// Number of roles in the chart.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no role exists at the date.
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// Every role, depth-first, parents before children.
    pub fn walk(&self) -> impl Iterator<Item = ChartRow> + '_ {
        let mut stack: Vec<(u32, RoleIx)> = self.roots.iter().rev().map(|&r| (0, r)).collect();
        std::iter::from_fn(move || {
            let (depth, role) = stack.pop()?;
            stack.extend(self.children(role).iter().rev().map(|&c| (depth + 1, c)));
            Some(ChartRow { depth, role, crosses_org: self.crosses_org(role) })
        })
    }
}
