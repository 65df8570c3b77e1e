//! The scenario library: the scenarios shipped with Attune, embedded in the
//! binary, and the user's folders added to them.
//!
//! A library is a list of folders, most important first, ending with the
//! shipped scenarios ([`shipped_dir`], the name `<shipped>`): see
//! [`folders`]. A scenario in an earlier folder takes the place of one with
//! the same id in a later folder, so a copy on disk wins over the shipped
//! one. Shipped files load exactly as the same file on disk does (the same
//! diagnostics, named `<shipped>/FILE.ron`, and the same content hash).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::load::{Loaded, load_all};

/// The shipped scenarios: file name and text, sorted by name.
pub static SHIPPED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The name the shipped scenarios go by, as a folder.
pub const SHIPPED_NAME: &str = "<shipped>";

/// The shipped scenarios, as a folder of a library.
pub fn shipped_dir() -> PathBuf {
    PathBuf::from(SHIPPED_NAME)
}

/// Whether `path` names the shipped scenarios or one of them.
pub fn is_shipped(path: &Path) -> bool {
    path.starts_with(SHIPPED_NAME)
}

/// The text of a shipped scenario, given its path (`<shipped>/FILE.ron`).
pub fn shipped_text(path: &Path) -> Option<&'static str> {
    if path.parent() != Some(Path::new(SHIPPED_NAME)) {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The paths of the shipped scenarios, sorted.
pub fn shipped_files() -> Vec<PathBuf> {
    SHIPPED.iter().map(|(n, _)| shipped_dir().join(n)).collect()
}

/// The user's own library folder: `scenarios` in the platform data folder
/// (for example `~/.local/share/attune/scenarios` on Linux). It is read
/// when it exists; Attune never creates it.
pub fn user_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Attune", "attune")
        .map(|d| d.data_dir().join("scenarios"))
}

/// The folder named for the library: `given` (`--scenarios`), or else
/// `$ATTUNE_SCENARIOS` when it is set.
pub fn named(given: Option<&Path>) -> Option<PathBuf> {
    given.map(Path::to_path_buf).or_else(|| {
        std::env::var_os("ATTUNE_SCENARIOS")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The library's folders, most important first: `given` (`--scenarios`)
/// or else `$ATTUNE_SCENARIOS`; `./scenarios` if there is one; the user's
/// folder ([`user_dir`]) if there is one; and last the shipped scenarios.
pub fn folders(given: Option<&Path>) -> Vec<PathBuf> {
    let named = named(given);
    let local = Some(PathBuf::from("scenarios")).filter(|p| p.is_dir());
    let user = user_dir().filter(|p| p.is_dir());
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in [named, local, user].into_iter().flatten() {
        let same = |d: &PathBuf| match (d.canonicalize(), dir.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => *d == dir,
        };
        if !out.iter().any(same) {
            out.push(dir);
        }
    }
    out.push(shipped_dir());
    out
}

/// The folders of a library other than the shipped scenarios.
pub fn user_folders(library: &[PathBuf]) -> Vec<PathBuf> {
    library.iter().filter(|p| !is_shipped(p)).cloned().collect()
}

/// Load a library: every folder in turn, a scenario in an earlier folder
/// taking the place of one with the same id further on (the later copy is
/// left out without a word). Within one folder, two files with one id are
/// an error, as [`load_all`] reports. An empty folder is not a problem
/// here: the library as a whole has the shipped scenarios.
pub fn load(library: &[PathBuf]) -> (Vec<Loaded>, Vec<Diagnostic>) {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, folder) in library.iter().enumerate() {
        let (loaded, extra) = load_all(std::slice::from_ref(folder));
        problems.extend(extra.into_iter().filter(Diagnostic::is_error));
        for l in loaded {
            if let Some(id) = l.scenario.as_ref().map(|s| s.id.clone()) {
                match seen.get(&id) {
                    Some(&earlier) if earlier < n => continue,
                    _ => {
                        seen.insert(id, n);
                    }
                }
            }
            all.push(l);
        }
    }
    (all, problems)
}

/// The content hash of every shipped scenario, by id.
pub fn shipped_hashes() -> HashMap<String, String> {
    shipped_files()
        .iter()
        .filter_map(|p| crate::load::load_file(p).scenario)
        .map(|s| {
            let hash = s.content_hash().to_owned();
            (s.id, hash)
        })
        .collect()
}

/// Where a scenario came from, for `attune list`: `shipped`, or its file.
pub fn source(path: Option<&Path>) -> String {
    match path {
        Some(p) if !is_shipped(p) => p.display().to_string(),
        _ => "shipped".to_owned(),
    }
}

/// The library in words: "the shipped scenarios", or its folders and then
/// "the shipped scenarios".
pub fn describe(library: &[PathBuf]) -> String {
    let mut parts: Vec<String> = user_folders(library)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if library.iter().any(|p| is_shipped(p)) {
        parts.push("the shipped scenarios".to_owned());
    }
    match parts.len() {
        0 => "an empty library".to_owned(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().unwrap_or_default();
            format!("{} and {last}", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_scenarios_folder_is_shipped() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ron"))
            .collect();
        on_disk.sort();
        let shipped: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, shipped);
        for (name, text) in SHIPPED {
            assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), *text);
        }
    }

    #[test]
    fn a_shipped_scenario_loads_as_its_file_on_disk_does() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        for path in shipped_files() {
            let shipped = crate::load::load_file(&path);
            let on_disk = crate::load::load_file(&dir.join(path.file_name().unwrap()));
            let (a, b) = (shipped.scenario.unwrap(), on_disk.scenario.unwrap());
            assert_eq!(a.content_hash(), b.content_hash(), "{}", path.display());
            assert_eq!(a.path.as_deref(), Some(path.as_path()));
        }
        // A broken shipped file would be reported at its shipped path.
        let broken = crate::load::load_str(Path::new("<shipped>/doctora.ron"), "Scenario(");
        assert!(!broken.diagnostics.is_empty());
        for d in &broken.diagnostics {
            assert_eq!(d.path, Path::new("<shipped>/doctora.ron"));
        }
    }

    #[test]
    fn shipped_paths_name_their_text() {
        assert!(shipped_text(Path::new("<shipped>/doctora.ron")).is_some());
        assert!(shipped_text(Path::new("scenarios/doctora.ron")).is_none());
        assert!(shipped_text(Path::new("<shipped>/nothing.ron")).is_none());
        assert_eq!(source(Some(Path::new("<shipped>/doctora.ron"))), "shipped");
        assert_eq!(source(Some(Path::new("x/a.ron"))), "x/a.ron");
    }

    #[test]
    fn describe_names_every_folder() {
        assert_eq!(describe(&[shipped_dir()]), "the shipped scenarios");
        assert_eq!(
            describe(&["a".into(), "b".into(), shipped_dir()]),
            "a, b and the shipped scenarios"
        );
    }
}
