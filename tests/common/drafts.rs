//! Generated scenario drafts of a chosen size, for the scaling tests and
//! the check benchmarks: many warnings over many lines, many errors on
//! one line, and very long ids.

use std::fmt::Write as _;

const HEAD: &str = r#"Scenario(
    format: 1,
    id: "draft",
    title: "Draft",
    premise: "A generated draft.",
    difficulty: Beginner,
    ruptures: [Withdrawal],
    client: (name: "Sam", age: 30, background: "A client.", concern: "Low mood."),
    setting: "A clinic.",
    state: { "tension": 0 },
    start: "first",
    nodes: [
"#;

fn first_turn(next: &str) -> String {
    format!(
        r#"        Client(id: "first", line: "Hello.", affect: Open, options: [
            (id: "go", label: "Go", says: "Go on.", strategy: Reflect, attunement: 3,
             ownership: None, rationale: "Follows.", next: "{next}"),
        ]),
"#
    )
}

const END: &str = r#"        Ending(id: "end", kind: Repaired, title: "End", summary: "It ended."),
    ],
)
"#;

/// A draft with `turns` turns that nothing leads to, each with four
/// warnings: unreachable, an empty line, an option that speaks without
/// words, and no rationale.
pub fn warnings(turns: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str(&first_turn("end"));
    for i in 0..turns {
        let _ = writeln!(
            s,
            r#"        Client(id: "loose-{i}", line: "", affect: Flat, options: [
            (id: "x", label: "X", strategy: Reflect, attunement: 3, ownership: None, rationale: "", next: "end"),
        ]),"#
        );
    }
    s.push_str(END);
    s
}

/// The draft [`warnings`] makes, of the same size and shape, without a
/// problem: each turn leads on to the next, and every text is written.
/// (Used by the benchmarks, not by every test that reads this module.)
#[allow(dead_code)]
pub fn clean(turns: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str(&first_turn(if turns == 0 { "end" } else { "loose-0" }));
    for i in 0..turns {
        let next = if i + 1 == turns {
            "end".to_owned()
        } else {
            format!("loose-{}", i + 1)
        };
        let _ = writeln!(
            s,
            r#"        Client(id: "loose-{i}", line: "L", affect: Flat, options: [
            (id: "x", label: "X", says: "S", strategy: Reflect, attunement: 3, ownership: None, rationale: "R", next: "{next}"),
        ]),"#
        );
    }
    s.push_str(END);
    s
}

/// A draft with one option written on one line with `fields` unknown
/// fields, each holding a text of `width` characters.
pub fn errors_on_one_line(fields: usize, width: usize) -> String {
    let mut s = String::from(HEAD);
    let text = "w".repeat(width);
    let mut line = String::from(
        r#"        Client(id: "first", line: "Hello.", affect: Open, options: [(id: "go", label: "Go", says: "Go on.", strategy: Reflect, attunement: 3, ownership: None, rationale: "Follows.", next: "end""#,
    );
    for i in 0..fields {
        let _ = write!(line, r#", extra{i}: "{text}""#);
    }
    line.push_str(")]),\n");
    s.push_str(&line);
    s.push_str(END);
    s
}

/// A draft whose first turn leads to a misspelling of a node id `len`
/// characters long, beside another node with an id as long.
pub fn long_ids(len: usize) -> String {
    let a = "a".repeat(len);
    let b = "b".repeat(len);
    let mut s = String::from(HEAD);
    s.push_str(&first_turn(&format!("{a}x")));
    for id in [&a, &b] {
        let _ = writeln!(
            s,
            r#"        Client(id: "{id}", line: "Hi.", affect: Open, options: [
            (id: "x", label: "X", says: "Hi.", strategy: Reflect, attunement: 3, ownership: None, rationale: "R.", next: "end"),
        ]),"#
        );
    }
    s.push_str(END);
    s
}
