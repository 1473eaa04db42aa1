//! The orgs of an org chart, nested as they are at its date: the clusters
//! of the DOT export and the subgraphs of the Mermaid one.

use crate::model::{OrgIx, RoleIx};
use crate::query::{Index, OrgChart};

/// One step of a walk through the nested orgs, in writing order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// An org begins; everything until its [`Step::Leave`] is inside it.
    Enter(OrgIx),
    /// A role of the innermost org entered.
    Role(RoleIx),
    /// The org entered last ends.
    Leave(OrgIx),
}

/// Every org that has a role on `chart`, or holds one that does, each
/// inside the org it lies under at the chart's date (by
/// [`Index::parent_org_at`]), as a flat walk: orgs in file order, an org's
/// roles in chart order before the orgs inside it. The walk uses no
/// recursion, so a deep chain of orgs cannot overflow the stack.
pub(super) fn org_steps(index: &Index, chart: &OrgChart) -> Vec<Step> {
    let ds = index.dataset();
    let n = ds.orgs.len();
    let mut roles: Vec<Vec<RoleIx>> = vec![Vec::new(); n];
    for row in chart.walk() {
        roles[ds.role(row.role).org.ix()].push(row.role);
    }
    let parent: Vec<Option<OrgIx>> =
        (0..n).map(|i| index.parent_org_at(OrgIx::from_ix(i), chart.at).filter(|p| p.ix() < n)).collect();
    // An org is shown when it or an org under it has a role on the chart.
    let mut shown = vec![false; n];
    for start in (0..n).filter(|&i| !roles[i].is_empty()) {
        let mut cur = Some(start);
        // Validation forbids parent cycles; the bound keeps this total anyway.
        for _ in 0..=n {
            match cur {
                Some(o) if !shown[o] => {
                    shown[o] = true;
                    cur = parent[o].map(OrgIx::ix);
                }
                _ => break,
            }
        }
    }
    let mut children: Vec<Vec<OrgIx>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for i in (0..n).filter(|&i| shown[i]) {
        match parent[i] {
            Some(p) if shown[p.ix()] => children[p.ix()].push(OrgIx::from_ix(i)),
            _ => roots.push(OrgIx::from_ix(i)),
        }
    }
    let mut steps = Vec::with_capacity(chart.len() + 2 * roots.len());
    // (org, entered): an org is pushed unentered, and again, entered, to be left.
    let mut stack: Vec<(OrgIx, bool)> = roots.iter().rev().map(|&o| (o, false)).collect();
    let mut visited = vec![false; n];
    while let Some((org, entered)) = stack.pop() {
        if entered {
            steps.push(Step::Leave(org));
            continue;
        }
        if std::mem::replace(&mut visited[org.ix()], true) {
            continue;
        }
        steps.push(Step::Enter(org));
        steps.extend(roles[org.ix()].iter().map(|&r| Step::Role(r)));
        stack.push((org, true));
        stack.extend(children[org.ix()].iter().rev().map(|&c| (c, false)));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, load_str};

    fn index(text: &str) -> Index {
        Index::new(load_str(text).unwrap().dataset)
    }

    fn names(index: &Index, steps: &[Step]) -> Vec<String> {
        let ds = index.dataset();
        steps
            .iter()
            .map(|s| match *s {
                Step::Enter(o) => format!("+{}", ds.org(o).id),
                Step::Role(r) => ds.role(r).id.to_string(),
                Step::Leave(o) => format!("-{}", ds.org(o).id),
            })
            .collect()
    }

    const NESTED: &str = r#"(
        orgs: [
            (id: "group", name: "Group"),
            (id: "empty", name: "Empty", parent: "group"),
            (id: "sub", name: "Sub", parent: "group", parent_since: "2020"),
            (id: "lab", name: "Lab", parent: "sub"),
        ],
        roles: [
            (id: "ceo", org: "group", title: "CEO"),
            (id: "lab-head", org: "lab", title: "Head", reports_to: "ceo"),
            (id: "sub-ceo", org: "sub", title: "CEO", reports_to: "ceo"),
        ],
    )"#;

    #[test]
    fn orgs_nest_at_the_date_and_empty_ones_are_left_out() {
        let ix = index(NESTED);
        let at = Date::parse("2021").unwrap().span();
        let steps = org_steps(&ix, &ix.org_chart_at(at));
        assert_eq!(
            names(&ix, &steps),
            ["+group", "ceo", "+sub", "sub-ceo", "+lab", "lab-head", "-lab", "-sub", "-group"]
        );
        // Before 2020 Sub is not under Group yet: it and Lab stand apart.
        let at = Date::parse("2010").unwrap().span();
        let steps = org_steps(&ix, &ix.org_chart_at(at));
        assert_eq!(
            names(&ix, &steps),
            ["+group", "ceo", "-group", "+sub", "sub-ceo", "+lab", "lab-head", "-lab", "-sub"]
        );
    }

    #[test]
    fn a_long_chain_of_orgs_needs_no_recursion() {
        let n = 20_000;
        let mut text = String::from("(orgs: [(id: \"o0\", name: \"O\"),");
        for i in 1..n {
            text.push_str(&format!("(id: \"o{i}\", name: \"O\", parent: \"o{}\"),", i - 1));
        }
        text.push_str(&format!("], roles: [(id: \"r\", org: \"o{}\", title: \"R\")])", n - 1));
        let ix = index(&text);
        let steps = org_steps(&ix, &ix.org_chart_at(Date::parse("2000").unwrap().span()));
        assert_eq!(steps.len(), 2 * n + 1);
        assert!(matches!(steps[n], Step::Role(_)));
    }
}
