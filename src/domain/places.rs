//! Grid names (issue 28 item 4). Grid names repeat from village to village
//! (第一网格 in every one), and some registers name a grid with its village
//! already (江背村第1网格). One function says a grid's name as every list
//! shows it ([`grid_label`]) and one finds a grid by what a person types
//! ([`find_grid`]): its own name when no other grid has it, its village and
//! name (with or without a space), or the name as lists show it.

/// A grid's name as lists, screens and sheets show it: `江背村 第1网格`
/// (village, a space, grid), or the grid's own name when it already holds
/// its village's (`江背村第1网格`).
pub fn grid_label(village: &str, grid: &str) -> String {
    if village.is_empty() || grid.contains(village) {
        grid.to_string()
    } else {
        format!("{village} {grid}")
    }
}

/// One grid as [`find_grid`] looks at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridEntry {
    pub id: i64,
    pub village: String,
    pub name: String,
}

impl GridEntry {
    pub fn label(&self) -> String {
        grid_label(&self.village, &self.name)
    }
}

/// Why a typed grid name found no single grid: none (with the grids whose
/// name is near what was typed, at most [`MAX_CANDIDATES`]), or several
/// (each named as lists show it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridMiss {
    Unknown { near: Vec<String> },
    Several { each: Vec<String> },
}

/// How many grids a refusal names at most.
pub const MAX_CANDIDATES: usize = 8;

/// Blanks (ASCII and the full-width space) do not count when names are compared.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The grid a person means by `typed`: its number; its own name when only
/// one grid has it; its village and name (`江背村第1网格`, `江背村 第1网格`,
/// `江背村/第1网格`); or its name as lists show it. Blanks are ignored.
pub fn find_grid(grids: &[GridEntry], typed: &str) -> Result<i64, GridMiss> {
    let key = squeeze(typed).replace('/', "");
    if let Some(g) = grids.iter().find(|g| g.id.to_string() == key) {
        return Ok(g.id);
    }
    let names = |g: &GridEntry| {
        let name = squeeze(&g.name);
        [
            name.clone(),
            squeeze(&g.village) + &name,
            squeeze(&g.label()),
        ]
    };
    let hits: Vec<&GridEntry> = grids.iter().filter(|g| names(g).contains(&key)).collect();
    match hits.as_slice() {
        [one] => Ok(one.id),
        [] => {
            // near: a grid whose full name holds what was typed, or whose own
            // name is in it (江背村第9网格 → 江背村's grids and every 第9网格)
            let near = grids
                .iter()
                .filter(|g| {
                    let [name, full, _] = names(g);
                    !key.is_empty()
                        && (full.contains(&key)
                            || key.contains(&name)
                            || key.contains(&squeeze(&g.village)))
                })
                .map(GridEntry::label)
                .take(MAX_CANDIDATES)
                .collect();
            Err(GridMiss::Unknown { near })
        }
        many => Err(GridMiss::Several {
            each: many.iter().map(|g| g.label()).collect(),
        }),
    }
}
