//! Embeds the shipped scenario library (`scenarios/*.ron`) in the binary,
//! so that an installed `attune` needs nothing from the source tree.

#![allow(
    clippy::disallowed_macros,
    reason = "a build script speaks to cargo on standard output"
)]

use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    let dir =
        Path::new(&env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the scenarios folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        let file = dir.join(name);
        println!("cargo:rerun-if-changed={}", file.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    out.push_str("]\n");
    let target = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("shipped.rs");
    fs::write(target, out).expect("write the list of shipped scenarios");
}
