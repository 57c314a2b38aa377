//! Finding a Chinese font for PDF: a file named in settings, else the usual
//! places on Linux, Windows and macOS. The repository carries no font.

use super::PrintError;
use printpdf::ParsedFont;
use std::path::{Path, PathBuf};

/// Known CJK fonts, best first, with the face to use in a `.ttc` collection:
/// Noto Sans CJK's collection holds JP, KR, SC, TC, HK in that order.
const KNOWN: &[(&str, usize)] = &[
    ("wqy-microhei.ttc", 0),
    ("wqy-zenhei.ttc", 0),
    ("NotoSansCJKsc-Regular.otf", 0),
    ("NotoSansSC-Regular.otf", 0),
    ("SourceHanSansSC-Regular.otf", 0),
    ("NotoSansCJK-Regular.ttc", 2),
    ("DroidSansFallbackFull.ttf", 0),
    ("msyh.ttc", 0),
    ("simhei.ttf", 0),
    ("simsun.ttc", 0),
    ("PingFang.ttc", 0),
    ("STHeiti Light.ttc", 0),
    ("Hiragino Sans GB.ttc", 0),
    ("Arial Unicode.ttf", 0),
];

fn dirs() -> Vec<PathBuf> {
    let mut d: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/System/Library/Fonts",
        "/Library/Fonts",
        "C:\\Windows\\Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        d.extend([
            home.join(".local/share/fonts"),
            home.join(".fonts"),
            home.join("Library/Fonts"),
        ]);
    }
    if let Some(w) = std::env::var_os("WINDIR") {
        d.push(PathBuf::from(w).join("Fonts"));
    }
    d
}

/// Files under `dir` (a few levels deep: Debian keeps fonts in /usr/share/fonts/truetype/wqy).
fn files(dir: &Path, depth: u8, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() && depth > 0 {
            files(&p, depth - 1, out);
        } else {
            out.push(p);
        }
    }
}

/// A font loaded for PDF, with the glyph widths wrapping needs.
pub struct Font {
    pub path: PathBuf,
    pub(super) parsed: ParsedFont,
    units_per_em: f32,
}

impl Font {
    pub fn load(path: &Path) -> Result<Font, PrintError> {
        Font::load_face(path, 0)
    }

    fn load_face(path: &Path, face: usize) -> Result<Font, PrintError> {
        let bad = |why: String| PrintError::BadFont {
            path: path.to_path_buf(),
            why,
        };
        let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        let parsed = ParsedFont::from_bytes(&bytes, face, &mut Vec::new())
            .ok_or_else(|| bad("not a TrueType or OpenType font".into()))?;
        if parsed.lookup_glyph_index('网' as u32).is_none() {
            return Err(bad("it has no Chinese characters".into()));
        }
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        Ok(Font {
            path: path.to_path_buf(),
            parsed,
            units_per_em,
        })
    }

    pub fn has(&self, c: char) -> bool {
        self.parsed.lookup_glyph_index(c as u32).is_some()
    }

    /// The advance of `c` in ems; a missing glyph measures as the one drawn instead.
    pub fn advance(&self, c: char) -> f32 {
        let g = self
            .parsed
            .lookup_glyph_index(c as u32)
            .or_else(|| self.parsed.lookup_glyph_index(super::MISSING as u32));
        g.map_or(1.0, |g| {
            f32::from(self.parsed.get_horizontal_advance(g)) / self.units_per_em
        })
    }
}

/// The font named (in settings or `--font`), else the first known font found.
pub fn find_font(named: Option<&Path>) -> Result<Font, PrintError> {
    find_font_in(named, &dirs())
}

fn find_font_in(named: Option<&Path>, dirs: &[PathBuf]) -> Result<Font, PrintError> {
    if let Some(p) = named {
        return Font::load(p);
    }
    let mut all = Vec::new();
    for d in dirs {
        files(d, 4, &mut all);
    }
    for (name, face) in KNOWN {
        let hit = all
            .iter()
            .find(|p| p.file_name().is_some_and(|f| f.eq_ignore_ascii_case(name)));
        if let Some(p) = hit
            && let Ok(f) = Font::load_face(p, *face).or_else(|_| Font::load(p))
        {
            return Ok(f);
        }
    }
    Err(PrintError::NoFont)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No font: one message that names the packages and the text format;
    /// a file with a known name that is no font is passed over.
    #[test]
    fn no_font_says_what_to_install() {
        let dir = std::env::temp_dir().join(format!("gridcare-nofont-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("wqy-microhei.ttc"), "not a font").unwrap();
        let e = find_font_in(None, std::slice::from_ref(&dir))
            .err()
            .unwrap()
            .to_string();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            e.contains("fonts-wqy-microhei")
                && e.contains("fonts-noto-cjk")
                && e.contains("--format txt"),
            "{e}"
        );
        assert!(!e.contains('\n'));
    }
}
