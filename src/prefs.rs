//! What Attune remembers between runs for the person at this computer:
//! the trainee's name, as given in the app for the instructor's cohort
//! report, how the app is displayed (text size, high contrast), and
//! whether they practise saying it first. It is kept in a small RON file
//! in the user's config folder ([`config_dir`]); `ATTUNE_TRAINEE` sets the
//! name for a run without changing what is saved.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file name of the preferences in the config folder.
pub const FILE: &str = "prefs.ron";

/// The longest name kept, in characters.
pub const MAX_NAME: usize = 80;

/// The user's config folder for Attune: `$ATTUNE_CONFIG_DIR` if set, else
/// the platform's (for example `~/.config/attune` on Linux).
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ATTUNE_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "Attune", "attune")
        .map(|d| d.config_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("attune-config"))
}

/// The preferences file in the user's config folder.
pub fn default_path() -> PathBuf {
    config_dir().join(FILE)
}

/// Everything remembered between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The trainee's name, stored in the logs of the sessions they play.
    pub trainee: Option<String>,
    /// The app's text size, in percent of the usual size (for projectors
    /// and low vision); `None` is the usual size.
    pub text_size: Option<u16>,
    /// The app's high-contrast colours.
    pub high_contrast: bool,
    /// Begin sessions in say-first practice (the app's Before screen).
    pub say_first: bool,
}

impl Prefs {
    /// The preferences saved at `path`; defaults if there are none or the
    /// file cannot be read (preferences are a convenience, never a reason
    /// not to start).
    pub fn load(path: &Path) -> Prefs {
        fs::read_to_string(path)
            .ok()
            .and_then(|text| ron::from_str::<Prefs>(&text).ok())
            .map(|p| Prefs {
                trainee: p.trainee.as_deref().and_then(clean_name),
                text_size: p.text_size.map(clamp_text_size),
                high_contrast: p.high_contrast,
                say_first: p.say_first,
            })
            .unwrap_or_default()
    }

    /// Change what is saved at `path` and save it, keeping everything
    /// else that was saved there.
    pub fn update(path: &Path, change: impl FnOnce(&mut Prefs)) -> std::io::Result<Prefs> {
        let mut prefs = Prefs::load(path);
        change(&mut prefs);
        prefs.save(path)?;
        Ok(prefs)
    }

    /// Save to `path` atomically (a temporary file renamed into place),
    /// creating the folder if needed.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.write_all(b"\n")?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The text sizes offered, in percent.
pub const TEXT_SIZES: [u16; 8] = [80, 90, 100, 110, 125, 150, 175, 200];

/// A text size as it is kept: the nearest of [`TEXT_SIZES`].
pub fn clamp_text_size(percent: u16) -> u16 {
    TEXT_SIZES
        .iter()
        .copied()
        .min_by_key(|s| s.abs_diff(percent))
        .unwrap_or(100)
}

/// A name as it is kept: trimmed, at most [`MAX_NAME`] characters, without
/// control characters; `None` if nothing is left.
pub fn clean_name(name: &str) -> Option<String> {
    let kept: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect();
    let kept = kept.trim();
    (!kept.is_empty()).then(|| kept.to_owned())
}

/// The name to start with: `ATTUNE_TRAINEE` (given as `env`) if set, else
/// the saved one.
pub fn trainee_at_start(env: Option<&str>, saved: &Prefs) -> Option<String> {
    env.and_then(clean_name).or_else(|| saved.trainee.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_name_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join(FILE);
        assert_eq!(Prefs::load(&path), Prefs::default());
        let prefs = Prefs {
            trainee: Some("Ana Ruiz".into()),
            ..Prefs::default()
        };
        prefs.save(&path).unwrap();
        assert_eq!(Prefs::load(&path), prefs);
    }

    #[test]
    fn an_update_keeps_what_it_does_not_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        Prefs::update(&path, |p| p.trainee = Some("Ana".into())).unwrap();
        Prefs::update(&path, |p| {
            p.text_size = Some(125);
            p.high_contrast = true;
        })
        .unwrap();
        let saved = Prefs::load(&path);
        assert_eq!(saved.trainee.as_deref(), Some("Ana"));
        assert_eq!(saved.text_size, Some(125));
        assert!(saved.high_contrast);
    }

    #[test]
    fn text_sizes_are_kept_within_the_offered_ones() {
        assert_eq!(clamp_text_size(100), 100);
        assert_eq!(clamp_text_size(10), 80);
        assert_eq!(clamp_text_size(1000), 200);
        assert_eq!(clamp_text_size(130), 125);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        fs::write(&path, "(text_size: Some(999))").unwrap();
        assert_eq!(Prefs::load(&path).text_size, Some(200));
        // A file from before display settings existed still loads.
        fs::write(&path, "(trainee: Some(\"Ana\"))").unwrap();
        assert_eq!(Prefs::load(&path).trainee.as_deref(), Some("Ana"));
    }

    #[test]
    fn say_first_is_remembered_beside_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        Prefs::update(&path, |p| p.trainee = Some("Ana".into())).unwrap();
        Prefs::update(&path, |p| p.say_first = true).unwrap();
        let saved = Prefs::load(&path);
        assert_eq!(saved.trainee.as_deref(), Some("Ana"));
        assert!(saved.say_first);
        // A file written before say-first was remembered still reads.
        fs::write(&path, "(trainee: Some(\"Ben\"))").unwrap();
        assert_eq!(Prefs::load(&path).trainee.as_deref(), Some("Ben"));
        assert!(!Prefs::load(&path).say_first);
    }

    #[test]
    fn a_damaged_file_is_no_reason_not_to_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        fs::write(&path, "(trainee: Some(").unwrap();
        assert_eq!(Prefs::load(&path), Prefs::default());
    }

    #[test]
    fn names_are_trimmed_cut_and_cleaned() {
        assert_eq!(clean_name("  Ana \n"), Some("Ana".into()));
        assert_eq!(clean_name("   "), None);
        assert_eq!(clean_name("A\u{1b}[31mna"), Some("A[31mna".into()));
        assert_eq!(clean_name(&"x".repeat(200)).unwrap().len(), MAX_NAME);
    }

    #[test]
    fn the_environment_wins_over_the_saved_name() {
        let saved = Prefs {
            trainee: Some("Saved".into()),
            ..Prefs::default()
        };
        assert_eq!(trainee_at_start(Some("Env"), &saved), Some("Env".into()));
        assert_eq!(trainee_at_start(Some(" "), &saved), Some("Saved".into()));
        assert_eq!(trainee_at_start(None, &Prefs::default()), None);
    }
}
