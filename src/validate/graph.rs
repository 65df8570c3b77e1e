//! Checks of the scenario as a graph: every node can be reached from
//! `start`, and from every reachable node some ending can be reached.
//!
//! They run over the references that resolved, even when other checks
//! found errors. A node nothing leads to is always worth a warning; "no
//! way to end" is reported only when every reference resolved, since a
//! missing edge could otherwise be the whole reason.

use std::collections::HashMap;

use super::Ctx;
use super::kind::{NodeRef, Problem, slug};
use super::nodes::{Ids, node_path, node_ref};
use crate::format::{Node as WireNode, ScenarioFile};
use crate::model::is_valid_id;

pub(super) fn check(
    cx: &mut Ctx,
    file: &ScenarioFile,
    start: Option<usize>,
    edges: &[Vec<usize>],
    ids: &Ids,
) {
    // Without a start, or without knowing every id, nothing can be said
    // about what is reachable.
    let Some(start) = start else {
        return;
    };
    if ids.ids_unknown {
        return;
    }
    let is_ending: Vec<bool> = file
        .nodes
        .iter()
        .map(|n| matches!(n, WireNode::Ending(_)))
        .collect();
    let edges = &with_duplicates(file, edges);
    let reach = reachable(edges, &[start]);
    let preds = reversed(edges);
    let endings: Vec<usize> = (0..edges.len()).filter(|&i| is_ending[i]).collect();
    let ends = reachable(&preds, &endings);
    let all_resolved =
        ids.unresolved.is_empty() && !ids.dangling && !ids.duplicates.contains(&true);
    for (i, node) in file.nodes.iter().enumerate() {
        let unreachable = !reach[i] && !ids.duplicates[i];
        let stuck = reach[i] && !ends[i] && all_resolved && !endings.is_empty();
        if !unreachable && !stuck {
            continue;
        }
        let node = node_ref(node);
        let at = node_path(i, "id");
        if unreachable && !renamed(&node, ids) {
            let misspelt = ids
                .unresolved
                .iter()
                .find(|u| u.suggestion.as_deref() == Some(node.id()))
                .map(|u| (u.target.clone(), u.from.clone()));
            cx.report(Problem::Unreachable { node, misspelt }, &at);
        } else if stuck {
            cx.report(Problem::NoWayToEnd { node }, &at);
        }
    }
}

/// `edges`, where an edge to a node whose id is used twice also leads to
/// the other node with that id: either may be the one meant.
fn with_duplicates(file: &ScenarioFile, edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut same: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, node) in file.nodes.iter().enumerate() {
        same.entry(node.id()).or_default().push(i);
    }
    edges
        .iter()
        .map(|out| {
            out.iter()
                .flat_map(|&j| same[file.nodes[j].id()].iter().copied())
                .collect()
        })
        .collect()
}

/// True when `node` has a bad id and references to the id it should have
/// did not resolve: once it is renamed, they will lead to it.
fn renamed(node: &NodeRef, ids: &Ids) -> bool {
    !is_valid_id(node.id()) && ids.unresolved.iter().any(|u| u.target == slug(node.id()))
}

/// Which nodes can be reached from `from` along `edges`.
fn reachable(edges: &[Vec<usize>], from: &[usize]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack = from.to_vec();
    for &i in from {
        seen[i] = true;
    }
    while let Some(i) = stack.pop() {
        for &j in &edges[i] {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}

fn reversed(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut preds = vec![Vec::new(); edges.len()];
    for (i, out) in edges.iter().enumerate() {
        for &j in out {
            preds[j].push(i);
        }
    }
    preds
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::{check, codes, edited};

    const ASIDE: &str = r#"        Client(
            id: "aside",
            line: "Anyway.",
            affect: Flat,
            options: [
                (
                    id: "back",
                    label: "Come back",
                    says: "Can we go back to last week?",
                    strategy: Redirect,
                    attunement: 3,
                    ownership: None,
                    rationale: "Returns to the rupture.",
                    next: "good-end",
                ),
            ],
        ),
        Ending(
            id: "good-end","#;

    #[test]
    fn a_turn_nothing_leads_to_is_reported_beside_other_errors() {
        let text = edited(&[
            ("next: \"flat-end\"", "next: \"nowhere\""),
            ("attunement: 5", "attunement: 6"),
            ("        Ending(\n            id: \"good-end\",", ASIDE),
        ]);
        let (scenario, diags) = check(&text, &[]);
        assert!(scenario.is_none());
        assert_eq!(
            codes(&diags),
            ["score-range", "unknown-node", "unreachable-node"]
        );
        assert_eq!(
            diags[2].message,
            "nothing leads to turn `aside`: it cannot be reached from the start"
        );
    }

    #[test]
    fn a_misspelt_reference_is_named_in_the_unreachable_hint() {
        let text = edited(&[("next: \"good-end\"", "next: \"god-end\"")]);
        let (_, diags) = check(&text, &[]);
        assert_eq!(codes(&diags), ["unknown-node", "unreachable-node"]);
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `good-end`?"));
        assert_eq!(
            diags[1].hint.as_deref(),
            Some(
                "option `stay` of turn `opens` goes to node `god-end`: is that a misspelling of `good-end`?"
            )
        );
    }

    #[test]
    fn no_way_to_end_waits_until_every_reference_resolved() {
        // `opens` now only leads back to itself.
        let looped = [
            ("next: \"good-end\"", "next: \"opens\""),
            (
                "next: \"flat-end\",\n                ),\n            ],\n        ),\n        Ending",
                "next: \"opens\",\n                ),\n            ],\n        ),\n        Ending",
            ),
        ];
        let (_, diags) = check(&edited(&looped), &[]);
        assert_eq!(
            codes(&diags),
            ["no-way-to-end", "unreachable-node"],
            "{diags:#?}"
        );
        let mut broken = looped.to_vec();
        broken.push(("next: \"shrug\"", "next: \"shrugs\""));
        let (_, diags) = check(&edited(&broken), &[]);
        assert_eq!(codes(&diags), ["unknown-node", "unreachable-node"]);
    }
}
