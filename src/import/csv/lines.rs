//! Reporting lines from manager ids.
//!
//! An export says which person each person reports to; orgline draws lines
//! between roles. So each role reports to the role its holders' managers
//! hold, by majority, and what that loses is said: in a warning, in the
//! role's note, and (the manager's name) in each tenure's note.
//!
//! - A manager id equal to the row's own id (some exports mark the top that
//!   way) is no line, with a warning.
//! - A manager id that is no id of the file is no line, with a warning:
//!   exports of one department often name managers outside it.
//! - Managers that lead back to the person (a cycle) are an error: the
//!   export is wrong, and no chart can be drawn from it.
//! - When the roles' lines would form a cycle although the people's do not
//!   (A's holders report to B's, some of B's to A's), the weaker line is
//!   left out, with a warning.

use std::collections::HashMap;

use super::Row;
use crate::import::{Problem, failure, shown};
use crate::model::{Pos, Span};

/// The reporting lines of the roles, and what the tenures' notes say.
#[derive(Debug)]
pub struct Lines {
    /// The role each role reports to.
    pub parent: Vec<Option<usize>>,
    /// Sentences for each role's note.
    pub notes: Vec<Vec<String>>,
    /// For each row: `None` when it names no manager, `Some(None)` when
    /// the manager is not in the file, else the manager (a person index).
    pub manager_of_row: Vec<Option<Option<usize>>>,
}

/// How often the holders of one role report to holders of another.
#[derive(Debug)]
struct Tally {
    role: usize,
    count: usize,
    first_line: u32,
}

/// Works out the lines. `person_of_row` and `role_of_row` give each row's
/// person and role; `title` names a role for messages.
#[allow(clippy::too_many_arguments)]
pub fn infer(
    file: &str,
    rows: &[Row],
    person_of_row: &[usize],
    role_of_row: &[usize],
    manager_col: Option<usize>,
    roles: usize,
    warnings: &mut Vec<Problem>,
    title: impl Fn(usize) -> String,
) -> Result<Lines, Vec<Problem>> {
    let people = person_of_row.iter().max().map_or(0, |m| m + 1);
    let col = manager_col.map_or(1, |c| c as u32 + 1);
    let mut person_of_key: HashMap<&str, usize> = HashMap::new();
    let mut rows_of_person: Vec<Vec<usize>> = vec![Vec::new(); people];
    for (i, row) in rows.iter().enumerate() {
        person_of_key.entry(&row.key).or_insert(person_of_row[i]);
        rows_of_person[person_of_row[i]].push(i);
    }

    let mut manager_of_row = vec![None; rows.len()];
    let mut unknown: Vec<(&str, Vec<u32>)> = Vec::new();
    let mut unknown_ix: HashMap<&str, usize> = HashMap::new();
    let mut reports: Vec<Vec<(usize, u32)>> = vec![Vec::new(); people];
    let mut tallies: Vec<Vec<Tally>> = (0..roles).map(|_| Vec::new()).collect();
    let mut same_role: Vec<Vec<u32>> = vec![Vec::new(); roles];
    let mut known = vec![0usize; roles];
    for (i, row) in rows.iter().enumerate() {
        let Some(manager) = row.manager.as_deref() else { continue };
        if manager == row.key {
            warnings.push(Problem::warning(
                file,
                Some(Pos::new(row.line, col)),
                format!("{} is given as its own manager: no reporting line from this row", shown(manager)),
            ));
            continue;
        }
        let Some(&boss) = person_of_key.get(manager) else {
            match unknown_ix.get(manager) {
                Some(&u) => unknown[u].1.push(row.line),
                None => {
                    unknown_ix.insert(manager, unknown.len());
                    unknown.push((manager, vec![row.line]));
                }
            }
            manager_of_row[i] = Some(None);
            continue;
        };
        manager_of_row[i] = Some(Some(boss));
        reports[person_of_row[i]].push((boss, row.line));
        // The manager's post at the time: a row of theirs that can overlap this one.
        let boss_rows = &rows_of_person[boss];
        let boss_row = boss_rows.iter().copied().find(|&b| overlaps(&rows[b], row)).unwrap_or(boss_rows[0]);
        let (role, boss_role) = (role_of_row[i], role_of_row[boss_row]);
        known[role] += 1;
        if role == boss_role {
            same_role[role].push(row.line);
        } else if let Some(t) = tallies[role].iter_mut().find(|t| t.role == boss_role) {
            t.count += 1;
        } else {
            tallies[role].push(Tally { role: boss_role, count: 1, first_line: row.line });
        }
    }
    for (id, lines) in &unknown {
        warnings.push(Problem::warning(
            file,
            Some(Pos::new(lines[0], col)),
            format!(
                "manager id {} is not an id of this file ({}): no reporting line from {}",
                shown(id),
                line_list(lines),
                if lines.len() == 1 { "this row" } else { "these rows" }
            ),
        ));
    }
    let cycles = person_cycles(&reports, rows, person_of_row);
    if !cycles.is_empty() {
        let errors =
            cycles.into_iter().map(|(line, msg)| Problem::error(file, Some(Pos::new(line, col)), msg)).collect();
        return Err(failure(errors, std::mem::take(warnings)));
    }

    let mut notes: Vec<Vec<String>> = vec![Vec::new(); roles];
    let mut candidates = Vec::new();
    for role in 0..roles {
        let tally = &tallies[role];
        // The most frequent; on a tie, the first met.
        let Some(best) =
            tally.iter().fold(None::<&Tally>, |b, t| if b.is_none_or(|b| t.count > b.count) { Some(t) } else { b })
        else {
            continue;
        };
        if tally.len() > 1 {
            let others: Vec<String> = tally
                .iter()
                .map(|t| format!("{} ({})", shown(&title(t.role)), rows_phrase(t.count, t.first_line)))
                .collect();
            warnings.push(Problem::warning(
                file,
                Some(Pos::new(
                    tally.iter().filter(|t| t.role != best.role).map(|t| t.first_line).min().unwrap_or(0),
                    col,
                )),
                format!(
                    "holders of {} report to holders of {} roles: {}; orgline draws one line per role, to {}",
                    shown(&title(role)),
                    tally.len(),
                    others.join(", "),
                    shown(&title(best.role))
                ),
            ));
        }
        candidates.push((role, best.role, best.count));
        notes[role].push(format!(
            "Reporting line inferred from manager ids: in {} of the {} rows whose manager is in the file, the manager holds {}.",
            best.count,
            known[role],
            title(best.role)
        ));
    }
    for (role, lines) in same_role.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
        warnings.push(Problem::warning(
            file,
            Some(Pos::new(lines[0], col)),
            format!(
                "in {} of {} ({}) the manager holds the same role: orgline draws lines between roles, \
                 so these stay in the tenures' notes",
                rows_count(lines.len()),
                shown(&title(role)),
                line_list(lines)
            ),
        ));
        notes[role]
            .push(format!("In {} the manager holds this same role (see the tenures' notes).", rows_count(lines.len())));
    }

    // Strongest lines first; a line that would close a cycle of roles is left out.
    candidates.sort_by_key(|&(role, _, count)| (std::cmp::Reverse(count), role));
    let mut parent: Vec<Option<usize>> = vec![None; roles];
    for (role, boss, count) in candidates {
        let mut at = Some(boss);
        let mut steps = 0;
        while let Some(r) = at.filter(|&r| r != role && steps <= roles) {
            at = parent[r];
            steps += 1;
        }
        if at == Some(role) {
            warnings.push(Problem::warning(
                file,
                None,
                format!(
                    "the reporting line from {} to {} ({}) is left out: {} already reports to {} through other managers",
                    shown(&title(role)),
                    shown(&title(boss)),
                    rows_count(count),
                    shown(&title(boss)),
                    shown(&title(role))
                ),
            ));
            notes[role].retain(|n| !n.starts_with("Reporting line inferred"));
            notes[role].push(format!(
                "The line to {} ({}) is left out: it would close a cycle of roles.",
                title(boss),
                rows_count(count)
            ));
        } else {
            parent[role] = Some(boss);
        }
    }
    Ok(Lines { parent, notes, manager_of_row })
}

/// Whether two rows' dates allow them to overlap (a missing date: unbounded).
fn overlaps(a: &Row, b: &Row) -> bool {
    let span = |r: &Row| Span {
        earliest: r.start.as_ref().map_or(Span::ALL.earliest, |d| d.span().earliest),
        latest: r.end.as_ref().map_or(Span::ALL.latest, |d| d.span().latest),
    };
    let (a, b) = (span(a), span(b));
    a.earliest <= b.latest && b.earliest <= a.latest
}

/// Cycles of managers among people: `(line, message)` for each, at most ten.
fn person_cycles(reports: &[Vec<(usize, u32)>], rows: &[Row], person_of_row: &[usize]) -> Vec<(u32, String)> {
    const MAX: usize = 10;
    let mut key = vec![""; reports.len()];
    for (i, row) in rows.iter().enumerate() {
        key[person_of_row[i]] = &row.key;
    }
    // 0 unseen, 1 on the path, 2 done.
    let mut state = vec![0u8; reports.len()];
    let mut found = Vec::new();
    for start in 0..reports.len() {
        if state[start] != 0 {
            continue;
        }
        // (person, next edge, line of the edge that led here)
        let mut path: Vec<(usize, usize, u32)> = vec![(start, 0, 0)];
        state[start] = 1;
        while let Some(top) = path.len().checked_sub(1) {
            let (v, next, _) = path[top];
            let Some(&(w, line)) = reports[v].get(next) else {
                state[v] = 2;
                path.pop();
                continue;
            };
            path[top].1 += 1;
            match state[w] {
                0 => {
                    state[w] = 1;
                    path.push((w, 0, line));
                }
                1 if found.len() < MAX => {
                    let from = path.iter().position(|p| p.0 == w).unwrap_or(0);
                    let mut steps: Vec<String> = Vec::new();
                    for j in from..path.len() {
                        let out_line = path.get(j + 1).map_or(line, |p| p.2);
                        steps.push(format!("{} (line {out_line})", shown(key[path[j].0])));
                    }
                    steps.push(shown(key[w]));
                    let first_line = path.get(from + 1).map_or(line, |p| p.2);
                    found.push((
                        first_line,
                        format!("reporting cycle: {}; a chain of managers must end at the top", steps.join(" → ")),
                    ));
                }
                _ => {}
            }
        }
    }
    found
}

/// "line 5" or "lines 5, 6, 7 …".
fn line_list(lines: &[u32]) -> String {
    const MAX: usize = 5;
    let shown: Vec<String> = lines.iter().take(MAX).map(u32::to_string).collect();
    let more = if lines.len() > MAX { " …" } else { "" };
    format!("line{} {}{more}", if lines.len() == 1 { "" } else { "s" }, shown.join(", "))
}

/// "1 row" or "3 rows".
fn rows_count(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

/// "29 rows" or "line 12" for a single row.
fn rows_phrase(count: usize, first_line: u32) -> String {
    if count == 1 { format!("line {first_line}") } else { rows_count(count) }
}
